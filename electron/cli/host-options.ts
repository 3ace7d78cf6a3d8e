// --scenario / --state handling shared by the commands that reach a host.
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import { acquireFileLock, LockBusyError, type FileLock } from '../util/file-lock';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SCENARIO, openHost, type HostChoice } from '../app/host-choice';
import { journalDir } from '../app/journal-location';
import { machineDataDir } from '../main/data-dir';
import { devOverride } from '../env-overrides';
import { secureWindowsJournalFolder } from '../app/journal-folder';
import { execNoShell } from '../main/exec';
import { Journal } from '../engine/journal';
import type { HostRef } from '../engine/fixer';
import type { HostAdapter } from '../hosts/host-adapter';
import { readStateFile, SimulatedHost } from '../hosts/simulated/simulated-host';
import { readScenarioFile, ScenarioError, SCENARIO_NAME } from '../hosts/simulated/scenarios';
import { runDueReverts, runRevertTasksOn } from '../app/scheduled-reverts';
import { CliInputError, type CliIO } from './io';
import { pathOption } from './args';

export function dataDir(io: CliIO): string {
  const home = devOverride('RDP_DOCTOR_HOME', io.env);
  if (home) return home;
  // On Windows every entry point shares the machine journal (and its lock) with the app.
  if (process.platform === 'win32') return machineDataDir(io.env);
  return path.join(os.homedir(), '.rdp-doctor');
}

/** Windows: creates (with its DACL in the same call) and verifies the machine journal folder before any use. */
export async function secureMachineJournal(io: CliIO): Promise<string> {
  const dir = dataDir(io);
  const { movedAside } = await secureWindowsJournalFolder(dir, execNoShell);
  if (movedAside) io.stderr(`warning: moved an untrusted journal folder aside: ${movedAside}\n`);
  return dir;
}

export interface OpenedHost {
  host: HostAdapter;
  choice: HostChoice;
  journal: Journal;
  hostRef: HostRef;
  problems: string[];
  /** Closes the host and releases the lock a changing command holds. */
  close(): Promise<void>;
}

/**
 * Opens the host for a command that changes it (fix, rollback). Another process doing the same on the same
 * --state file (or the same Windows PC) waits: each one reads the whole state and writes it back, so two at
 * once would lose one's change while both journal it as applied.
 */
export async function openCliHostForChange(
  values: { scenario?: string; state?: string },
  io: CliIO,
  options: { existingState?: boolean } = {},
  timeoutMs = lockTimeout(io),
): Promise<OpenedHost> {
  const stateFile = pathOption(values.state, '--state');
  if (stateFile) assertStatePath(path.resolve(io.cwd, stateFile), stateFile, options.existingState === true);
  const useWindows = usesThisWindowsPc(values, io);
  const lockedFile = stateFile
    ? path.resolve(io.cwd, stateFile)
    : useWindows
      ? path.join(journalDir({ kind: 'powershell' }, dataDir(io)), 'host')
      : null;
  if (!lockedFile) return openCliHost(values, io);
  if (useWindows) await secureMachineJournal(io);
  mkdirSync(path.dirname(lockedFile), { recursive: true });
  let lock: FileLock;
  try {
    lock = await acquireFileLock(lockedFile, timeoutMs);
  } catch (err) {
    if (err instanceof LockBusyError) throw new CliInputError('--state', err.message, 'conflict');
    throw err;
  }
  try {
    if (stateFile) assertStateLoads(lockedFile, stateFile);
    const opened = openCliHost(values, io);
    // Task Scheduler ran while nobody watched: the simulated host's due revert tasks run before anything else.
    for (const e of await runDueReverts(opened.host, opened.journal)) opened.problems.push(revertNotice(e));
    // A task falling due while the command runs is run before the host's next script (the lock is held).
    runRevertTasksOn(opened.host, () => opened.journal, { heard: (e) => opened.problems.push(revertNotice(e)) });
    return {
      ...opened,
      async close() {
        try {
          await opened.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * A --state the command can use: its folder exists (nothing creates a folder chain from a typo), and for
 * rollback and journal the file itself, so a mistyped path is not answered by a fresh healthy host.
 */
function assertStatePath(file: string, shown: string, mustExist: boolean): void {
  assertNotForeignState(file, shown);
  const dir = path.dirname(file);
  if (!existsSync(dir)) throw new CliInputError('--state', `the folder ${dir} does not exist; pass the FILE you gave to "fix"`);
  if (mustExist && !existsSync(file))
    throw new CliInputError('--state', `no such state file ${shown}; pass the same --state FILE you gave to "fix"`);
}

/**
 * fix, rollback and journal act on the host the state file holds, never on an invented one: a file that does
 * not load is refused and left exactly as it is (only diagnose keeps a damaged one aside and starts fresh).
 */
function assertStateLoads(file: string, shown: string): void {
  const loaded = assertNotForeignState(file, shown);
  if (!loaded || loaded.ok) return;
  throw new CliInputError(
    '--state',
    `The simulated state file ${shown} is damaged (${loaded.reason}); it was left as it is. Nothing was changed: restore that file to roll back its fixes, or run "rdp-doctor diagnose --state ${shown}" to keep it aside and start a fresh host`,
  );
}

/**
 * A --state that is not a file the simulator wrote (a folder, a device, a link, a document, another program's
 * JSON), a lock file or a file inside another state's journal folder is refused for every command, untouched:
 * an elevated CLI must not rename C:\Users\me\Documents or a hosts file because someone mistyped --state.
 * Returns what the file holds (null: no such file), so the caller need not read it again.
 */
export function assertNotForeignState(file: string, shown: string): ReturnType<typeof readStateFile> | null {
  if (/\.lock$/i.test(file)) throw new CliInputError('--state', `${shown} is a lock file; pass the state file itself (without .lock)`);
  const folder = path.dirname(file);
  const owner = /^(.*)-journal$/.exec(path.basename(folder));
  if (owner && existsSync(path.join(path.dirname(folder), `${owner[1]}.json`)))
    throw new CliInputError('--state', `${shown} is inside the journal folder of ${owner[1]}.json; pass a state file outside it`);
  if (!lexists(file)) return null;
  const loaded = readStateFile(file);
  if (!loaded.ok && loaded.foreign)
    throw new CliInputError(
      '--state',
      `${shown} ${loaded.reason}. It was left as it is and nothing was changed: pass the file "fix" or "diagnose" wrote, or a new file name`,
    );
  return loaded;
}

/** Exists as a name, even a link to nothing (existsSync follows links). */
function lexists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function revertNotice(e: { title: string; id: string; rolledBackAt: string | null; error: string | null; state: string }): string {
  return e.state === 'rolled-back'
    ? `the host's scheduled task reverted "${e.title}" (${e.id}) at ${e.rolledBackAt}`
    : `the host's scheduled task could not revert "${e.title}" (${e.id}): ${e.error}`;
}

/**
 * Opens the host for a command that only reads (diagnose, journal). When the simulated host has revert tasks
 * due, they change it, so the host is opened again under the same lock a fix takes, and they run first.
 */
/** The command acts on this Windows PC (not a scenario, not a state file): its journal is the machine's. */
function usesThisWindowsPc(values: { scenario?: string; state?: string }, io: CliIO): boolean {
  return (
    process.platform === 'win32' &&
    values.scenario === undefined &&
    !pathOption(values.state, '--state') &&
    io.env.RDP_DOCTOR_SIMULATED !== '1'
  );
}

export async function openCliHostCaughtUp(
  values: { scenario?: string; state?: string },
  io: CliIO,
  options: { existingState?: boolean } = {},
): Promise<OpenedHost> {
  // Reading commands verify the machine journal folder too: a planted entry must not even be shown as an open risk.
  if (usesThisWindowsPc(values, io)) await secureMachineJournal(io);
  const stateFile = pathOption(values.state, '--state');
  if (stateFile && options.existingState) {
    const file = path.resolve(io.cwd, stateFile);
    assertStatePath(file, stateFile, true);
    assertStateLoads(file, stateFile);
  }
  const opened = openCliHost(values, io);
  if (!(opened.host instanceof SimulatedHost) || opened.host.dueTasks().length === 0) return revertingWhenDue(opened);
  if (!opened.hostRef.stateFile) {
    for (const e of await runDueReverts(opened.host, opened.journal)) opened.problems.push(revertNotice(e));
    return opened;
  }
  await opened.close();
  return openCliHostForChange(values, io, options);
}

/** A reading command's host runs a revert task falling due mid-command before its next script, under the state file's lock. */
function revertingWhenDue(opened: OpenedHost): OpenedHost {
  const file = opened.hostRef.stateFile;
  const host = opened.host;
  const around = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (!file || !(host instanceof SimulatedHost)) return fn();
    const lock = await acquireFileLock(file, 30_000);
    try {
      host.reload();
      return await fn();
    } finally {
      lock.release();
    }
  };
  runRevertTasksOn(host, () => opened.journal, { heard: (e) => opened.problems.push(revertNotice(e)), around });
  return opened;
}

/** How long fix and rollback wait for another RDP Doctor's lock: RDP_DOCTOR_LOCK_TIMEOUT_MS, default 30 s. */
export function lockTimeout(io: Pick<CliIO, 'env'>): number {
  const text = io.env.RDP_DOCTOR_LOCK_TIMEOUT_MS;
  if (text === undefined || text === '') return 30_000;
  if (!/^\d{1,9}$/.test(text.trim()))
    throw new CliInputError('RDP_DOCTOR_LOCK_TIMEOUT_MS', `"${text.slice(0, 40)}" is not a whole number of milliseconds (0 to 999999999)`);
  return Number(text.trim());
}

export function openCliHost(values: { scenario?: string; state?: string }, io: CliIO): OpenedHost {
  const stateFile = pathOption(values.state, '--state');
  const resolvedState = stateFile ? path.resolve(io.cwd, stateFile) : null;
  const loaded = resolvedState ? assertNotForeignState(resolvedState, stateFile!) : null;
  const scenario = values.scenario;
  if (scenario !== undefined) {
    if (!SCENARIO_NAME.test(scenario))
      throw new CliInputError(
        '--scenario',
        `"${scenario.slice(0, 80)}" is not a scenario name (lowercase letters, digits and hyphens; see "rdp-doctor scenarios")`,
      );
    try {
      readScenarioFile(scenario);
    } catch (err) {
      if (err instanceof ScenarioError) throw new CliInputError('--scenario', err.message.replace(/^scenario: /, ''));
      throw err;
    }
  }
  if (loaded?.ok && scenario !== undefined && loaded.scenario !== scenario)
    throw new CliInputError(
      '--state',
      `${stateFile} holds scenario "${loaded.scenario}", not "${scenario}"; pass --scenario ${loaded.scenario}, or another --state file`,
    );
  const useWindows = process.platform === 'win32' && scenario === undefined && !resolvedState && io.env.RDP_DOCTOR_SIMULATED !== '1';
  const choice: HostChoice = useWindows
    ? { kind: 'powershell' }
    : { kind: 'simulated', scenario: scenario ?? DEFAULT_SCENARIO, stateFile: resolvedState };
  const host = openHost(choice);
  const problems = host instanceof SimulatedHost ? [...host.problems] : [];
  const effective: HostChoice =
    host instanceof SimulatedHost ? { kind: 'simulated', scenario: host.scenario, stateFile: resolvedState } : choice;
  const journal = new Journal(journalDir(effective, dataDir(io)));
  return {
    host,
    choice: effective,
    journal,
    hostRef: { kind: host.kind, scenario: host instanceof SimulatedHost ? host.scenario : null, stateFile: resolvedState },
    problems,
    close: () => host.close(),
  };
}

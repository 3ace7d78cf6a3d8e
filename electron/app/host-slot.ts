// The host the service talks to, with its journal and its lock. Reads share the lock; a fix, a rollback, a
// scenario switch or a connection to another host runs alone, so a double-click cannot journal one change
// twice and a switch cannot land in the middle of a fix. While another host is reached (PowerShell Remoting,
// Azure Run Command), the app's own host stays open beside it for the client-side checks.
import { hostname } from 'node:os';
import type { HostInfo, JournalEntry } from '../../shared/model';
import type { HostConnect } from '../../shared/reach';
import { parseTarget, type Target } from '../../shared/target';
import { findCheck } from '../engine/checks';
import { createContext } from '../engine/context';
import { hostRefOf, type HostRef } from '../engine/fixer';
import { Journal } from '../engine/journal';
import type { CheckContext } from '../engine/types';
import type { HostAdapter } from '../hosts/host-adapter';
import { SimulatedHost } from '../hosts/simulated/simulated-host';
import { loadScenario } from '../hosts/simulated/scenarios';
import { RwLock } from '../util/rw-lock';
import { acquireFileLock, LockBusyError } from '../util/file-lock';
import path from 'node:path';
import { ServiceError } from './errors';
import { openHost, type HostChoice } from './host-choice';
import { archiveJournal, journalDir } from './journal-location';
import { runDueReverts, runRevertTasksOn } from './scheduled-reverts';
import { connectRemote } from './reach-service';
import { RemoteHost } from '../reach/remote-host';

export interface HostSlot {
  info(): HostInfo;
  /** The open host is the simulated one (the scenario picker applies). */
  simulated(): boolean;
  /** Everything this slot reaches is simulated: the simulated host, or another host reached in simulation. */
  simulation(): boolean;
  /** The other host reached from this PC, with the app's own host where the client checks run; null for this PC. */
  remote(): { host: RemoteHost; local: HostAdapter } | null;
  problems(): string[];
  journal(): Journal;
  hostRef(): HostRef;
  check(id: string): NonNullable<ReturnType<typeof findCheck>>;
  target(text: string | null, field?: string): Target | null;
  context(target: string | null, signal?: AbortSignal): CheckContext;
  shared<T>(fn: () => Promise<T>): Promise<T>;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  switchScenario(name: string): Promise<HostInfo>;
  /** Reaches another host (or comes back to this PC); `fleetScenarios`: simulation, the scenario of each fleet host. */
  connect(args: HostConnect, fleetScenarios: Map<string, string>): Promise<HostInfo>;
  /** Runs the simulated host's due revert tasks (a no-op elsewhere: Windows' Task Scheduler runs them); the entries reverted. */
  catchUp(): Promise<JournalEntry[]>;
  close(): Promise<void>;
}

function unknownHostInfo(kind: HostAdapter['kind']): HostInfo {
  return {
    kind,
    scenario: null,
    scenarioSummary: null,
    computerName: hostname(),
    os: 'unknown',
    build: 'unknown',
    elevated: false,
    user: 'unknown',
    inRdpSession: false,
  };
}

async function readInfo(host: HostAdapter, problems: string[]): Promise<HostInfo> {
  try {
    return await host.info();
  } catch (err) {
    // The window must still open and say what is wrong (PowerShell missing, blocked by policy, ...);
    // every check will then report the same cause instead of the app failing to start.
    problems.push(
      `RDP Doctor could not read this PC's basics through PowerShell (${err instanceof Error ? err.message : String(err)}). Checks that need PowerShell will report errors; make sure Windows PowerShell 5.1 can run, then restart the app.`,
    );
    return unknownHostInfo(host.kind);
  }
}

/**
 * The same cross-process lock the CLI takes (the state file, the machine journal's "host" file on Windows, or
 * a remote host's journal folder's), so the app, browser mode and a CLI never change one host at the same moment.
 */
function lockFileOf(host: HostAdapter, journal: Journal, dataDir: string): string | null {
  if (host instanceof SimulatedHost) return host.stateFile;
  if (host instanceof RemoteHost) return path.join(journal.dir, 'host');
  return host.kind === 'powershell' ? path.join(journalDir({ kind: 'powershell' }, dataDir), 'host') : null;
}

async function underFileLock<T>(file: string | null, reload: () => void, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  let held;
  try {
    held = await acquireFileLock(file, 30_000);
  } catch (err) {
    if (err instanceof LockBusyError) throw new ServiceError('conflict', `${err.message}. Nothing was changed.`);
    throw err;
  }
  try {
    // Under the file lock, the state file is the truth: a CLI fix made meanwhile must not be written over.
    reload();
    return await fn();
  } finally {
    held.release();
  }
}

function reloadFromStateFile(host: HostAdapter): void {
  try {
    if (host instanceof SimulatedHost) host.reload();
  } catch (err) {
    throw new ServiceError('conflict', err instanceof Error ? err.message : String(err), 'state');
  }
}

function serviceTarget(text: string | null, field = 'target'): Target | null {
  if (text === null) return null;
  const parsed = parseTarget(text, field);
  if (!parsed.ok) throw new ServiceError('bad-input', parsed.error, field);
  return parsed.target;
}

/**
 * The simulated host's Task Scheduler runs a due revert before any script answers, under the host's file lock;
 * inside an exclusive section (which holds that lock already, with no read beside it) it runs as it is. Reverts
 * it ran are kept for the next catch-up to report.
 */
function revertTasks() {
  let depth = 0;
  const heard: JournalEntry[] = [];
  return {
    heard,
    async inside<T>(fn: () => Promise<T>): Promise<T> {
      depth++;
      try {
        return await fn();
      } finally {
        depth--;
      }
    },
    attach(h: HostAdapter, j: Journal): void {
      runRevertTasksOn(h, () => j, {
        heard: (e) => heard.push(e),
        around: (fn) =>
          depth > 0 || !(h instanceof SimulatedHost) || !h.stateFile ? fn() : underFileLock(h.stateFile, () => h.reload(), fn),
      });
    },
  };
}

function hostRefFor(host: HostAdapter): HostRef {
  if (host instanceof RemoteHost) return hostRefOf(host);
  return {
    kind: host.kind,
    scenario: host instanceof SimulatedHost ? host.scenario : null,
    stateFile: host instanceof SimulatedHost ? host.stateFile : null,
  };
}

function knownCheck(id: string) {
  const c = findCheck(id);
  if (!c) throw new ServiceError('not-found', `checkId: "${id}" is not a known check`, 'checkId');
  return c;
}

const scenariosOnlySimulated = () =>
  new ServiceError('forbidden', 'name: scenarios exist only on the simulated host; this app is connected to a real Windows host', 'name');

export async function openHostSlot(options: { host: HostChoice; dataDir: string; hostAdapter?: HostAdapter }): Promise<HostSlot> {
  let choice = options.host;
  let host: HostAdapter = options.hostAdapter ?? openHost(choice);
  let journal = new Journal(journalDir(choice, options.dataDir));
  const startupProblems = host instanceof SimulatedHost ? [...host.problems] : [];
  let hostInfo = await readInfo(host, startupProblems);
  // The app's own host while another one is reached: client checks run there, and "This PC" comes back to it.
  let local: { host: HostAdapter; journal: Journal; info: HostInfo } | null = null;
  const lock = new RwLock();
  const tasks = revertTasks();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> =>
    lock.write(() =>
      underFileLock(
        lockFileOf(host, journal, options.dataDir),
        () => reloadFromStateFile(host),
        () => tasks.inside(fn),
      ),
    );
  tasks.attach(host, journal);

  const switchScenario = async (name: string): Promise<HostInfo> => {
    if (local) throw new ServiceError('forbidden', 'name: another host is connected; choose "This PC" as the host first', 'name');
    if (!(host instanceof SimulatedHost) || choice.kind !== 'simulated') throw scenariosOnlySimulated();
    const next: HostChoice = { ...choice, scenario: name };
    // Loaded before anything is archived, so an unknown scenario changes nothing.
    loadScenario(name);
    // The picked scenario replaces the state file's content; the old journal is archived, not deleted.
    if (choice.stateFile) archiveJournal(journalDir(next, options.dataDir));
    const replaced = SimulatedHost.open({ scenario: name, stateFile: choice.stateFile ?? null, notElevated: choice.notElevated ?? false });
    replaced.reset(name);
    await host.close();
    host = replaced;
    choice = next;
    journal = new Journal(journalDir(choice, options.dataDir));
    tasks.attach(host, journal);
    hostInfo = await host.info();
    return hostInfo;
  };

  const connect = async (args: HostConnect, fleetScenarios: Map<string, string>): Promise<HostInfo> => {
    const simulated = choice.kind === 'simulated';
    const reach = { dataDir: options.dataDir, simulated, scenario: choice.kind === 'simulated' ? choice.scenario : null, fleetScenarios };
    const remote = await connectRemote(args, reach);
    const base = local ?? { host, journal, info: hostInfo };
    if (host !== base.host) await host.close();
    ({ host, journal } = remote ?? base);
    hostInfo = remote ? await remote.host.info() : base.info;
    local = remote ? base : null;
    return hostInfo;
  };

  return {
    info: () => hostInfo,
    simulated: () => host.kind === 'simulated',
    simulation: () => host.kind === 'simulated' || (host instanceof RemoteHost && choice.kind === 'simulated'),
    remote: () => (host instanceof RemoteHost && local ? { host, local: local.host } : null),
    problems: () => startupProblems,
    journal: () => journal,
    hostRef: () => hostRefFor(host),
    check: knownCheck,
    target: serviceTarget,
    context: (text, signal = new AbortController().signal) => createContext(host, hostInfo, serviceTarget(text), signal),
    // Reads show the host as the state file has it now (another process may have changed it).
    shared: (fn) =>
      lock.read(() => {
        reloadFromStateFile(host);
        return fn();
      }),
    exclusive,
    switchScenario: (name) => lock.write(() => switchScenario(name)),
    connect: (args, fleetScenarios) => lock.write(() => connect(args, fleetScenarios)),
    async catchUp() {
      const heard = tasks.heard.splice(0);
      // The state file first: a task another process (the CLI) registered is due here too.
      const due = await lock.read(async () => {
        reloadFromStateFile(host);
        return host instanceof SimulatedHost && host.dueTasks().length > 0;
      });
      return due ? [...heard, ...(await exclusive(() => runDueReverts(host, journal)))] : heard;
    },
    async close() {
      await host.close();
      if (local && local.host !== host) await local.host.close();
    },
  };
}

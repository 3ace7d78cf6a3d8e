// A stateful model of a Windows host behind the HostAdapter interface. Scripts act on the state; with a state
// file, every change is written atomically so a CLI session or a demo survives a restart (or a crash).
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../util/canonical-json';
import type { z } from 'zod';
import type { HostInfo, Json } from '../../../shared/model';
import { quarantine, writeFileAtomic } from '../../util/atomic-file';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../host-adapter';
import { loadScenario, readScenarioFile } from './scenarios';
import type { SimContext } from './sim-script';
import { WinState, type ScheduledTask } from './state';
import { simScripts } from './models';
import { SimError } from './world';
import { scriptMode, scriptRefusal } from './powershell-policy';
import { SCRIPT_ID as POWERSHELL_PROBE } from '../../engine/checks/host/powershell/schema';

const STATE_FORMAT = 'rdp-doctor-simulated-state';

export interface SimulatedHostOptions {
  scenario: string;
  /** Keeps the state between runs. Without it the scenario starts fresh. */
  stateFile?: string | null;
  /** Fixed time, for tests; otherwise the scenario's clock or the real one. */
  now?: () => Date;
  /**
   * The app was started without elevation (a standard token, UAC not accepted): every script runs with that
   * token whatever the scenario says, as on Windows, where elevation belongs to the process and not the machine.
   */
  notElevated?: boolean;
}

/** What Task Scheduler starts for a due one-time task (RDP Doctor's scheduled revert); given by whoever holds the journal. */
export type TaskRunner = (task: ScheduledTask) => Promise<void>;

/** Set while a task runs: the scripts it runs itself must not wait for the catch-up they are part of. */
const insideTask = new AsyncLocalStorage<true>();

function digest(state: WinState): string {
  return createHash('sha256').update(canonicalJson(state)).digest('hex');
}

export class SimulatedHost implements HostAdapter {
  readonly kind = 'simulated' as const;
  /** Things found wrong while opening (a corrupt state file moved aside), for the UI and the CLI to report. */
  readonly problems: string[] = [];
  /** The requested state file could not be used (damaged, unknown scenario): this host is a fresh scenario instead. */
  stateLost = false;
  /** The state file's text as this host last read or wrote it: another process's change shows as a difference. */
  private fileSha: string | null = null;

  private constructor(
    public state: WinState,
    readonly scenario: string,
    readonly stateFile: string | null,
    private readonly fixedNow: (() => Date) | null,
    private readonly notElevated = false,
  ) {}

  /** Task Scheduler's action for due tasks; null: nobody is set to run them (they stay due). */
  private taskRunner: TaskRunner | null = null;
  /** The catch-up under way: every script waits for it, so none answers from the state before a due revert. */
  private catchingUp: Promise<void> | null = null;

  /** What the machine's own file says about elevation, kept while this process runs without it. */
  private machineElevated: boolean | null = null;

  /** A process started without elevation reads and changes the machine as a standard user, on any scenario. */
  private applyToken(): void {
    if (!this.notElevated) return;
    this.machineElevated = this.state.computer.elevated;
    this.state.computer.elevated = false;
  }

  static open(options: SimulatedHostOptions): SimulatedHost {
    const problems: string[] = [];
    let scenario = options.scenario;
    let state: WinState | null = null;
    let stateLost = false;
    if (options.stateFile && existsSync(options.stateFile)) {
      const loaded = readStateFile(options.stateFile);
      if (loaded.ok) {
        state = loaded.state;
        scenario = loaded.scenario;
      } else if (loaded.foreign) {
        throw new ForeignStateFileError(options.stateFile, loaded.reason);
      } else {
        stateLost = true;
        const aside = quarantine(options.stateFile);
        problems.push(
          `The simulated state file ${options.stateFile} was damaged (${loaded.reason}); it was kept as ${aside} and scenario "${scenario}" was loaded fresh.`,
        );
      }
    }
    state ??= loadScenario(scenario, options.now?.() ?? new Date());
    const host = new SimulatedHost(state, scenario, options.stateFile ?? null, options.now ?? null, options.notElevated ?? false);
    host.applyToken();
    host.problems.push(...problems);
    host.stateLost = stateLost;
    if (options.stateFile && !existsSync(options.stateFile)) host.persist();
    else if (options.stateFile && !stateLost) host.fileSha = fileDigest(options.stateFile);
    return host;
  }

  /**
   * Takes up what another process (the CLI, a second window) wrote to the state file since this host read or
   * wrote it: a long-lived app or browser mode would otherwise write its stale copy back over that change.
   * True when the state was replaced. A file that no longer loads is left as it is and reported, never overwritten.
   */
  reload(): boolean {
    if (!this.stateFile || !existsSync(this.stateFile)) return false;
    const sha = fileDigest(this.stateFile);
    if (sha === this.fileSha) return false;
    const loaded = readStateFile(this.stateFile);
    if (!loaded.ok)
      throw new Error(
        `--state: ${this.stateFile} was changed by another program and no longer loads (${loaded.reason}); nothing was changed`,
      );
    this.state = loaded.state;
    (this as { scenario: string }).scenario = loaded.scenario;
    this.fileSha = sha;
    return true;
  }

  /** The test's clock, else the scenario's fixed time, else the real one; read from the current state, so a reset scenario brings its own clock. */
  now(): Date {
    if (this.fixedNow) return this.fixedNow();
    return this.state.clock.now ? new Date(this.state.clock.now) : new Date();
  }

  async info(): Promise<HostInfo> {
    const c = this.state.computer;
    return {
      kind: 'simulated',
      scenario: this.scenario,
      scenarioSummary: readScenarioFile(this.scenario).summary,
      computerName: c.name,
      os: c.caption,
      build: c.build,
      elevated: c.elevated,
      user: c.processUser,
      inRdpSession: /^RDP-Tcp/i.test(c.sessionName),
    };
  }

  run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options: RunOptions = {}): Promise<z.output<S>> {
    return this.runScript(script, input, schema, options, false);
  }

  /**
   * A script as PowerShell Remoting or Azure Run Command deliver it (the simulated link and VM): text run in the
   * remote session, where no execution policy applies (it governs script files) but the session's language mode does.
   */
  runOverRemoting<S extends z.ZodTypeAny>(script: string, input: Json, schema: S): Promise<z.output<S>> {
    return this.runScript(script, input, schema, {}, true);
  }

  private async runScript<S extends z.ZodTypeAny>(
    script: string,
    input: Json,
    schema: S,
    options: RunOptions,
    remoting: boolean,
  ): Promise<z.output<S>> {
    // Windows runs a one-time task at its time whoever is looking; this model runs it, by its clock, before
    // the next script answers, so no reading is taken from the state before a revert that is already due.
    await this.runDueTasks();
    if (options.signal?.aborted) throw new HostScriptError(script, 'cancelled', 'OperationCanceled');
    const impl = simScripts[script];
    if (!impl) throw new HostScriptError(script, 'this script has no model in the simulated host', 'NotImplemented');
    if (remoting) this.refuseLikeRemoteSession(script);
    else this.refuseLikePowerShell(script);
    const before = JSON.stringify(this.state);
    const ctx: SimContext = { state: this.state, now: () => this.now(), remoting };
    let raw: Json;
    try {
      // Round-trip through JSON like the real transport, so nothing but data reaches the caller.
      // The input is data the caller built for this script's parameters, as the .ps1 gets it on stdin.
      const copy = JSON.parse(JSON.stringify(input)) as never;
      raw = JSON.parse(JSON.stringify(await impl(ctx, copy))) as Json;
    } catch (err) {
      if (JSON.stringify(this.state) !== before) this.state = WinState.parse(JSON.parse(before));
      if (err instanceof SimError) throw new HostScriptError(script, err.message, err.type);
      throw err;
    }
    if (JSON.stringify(this.state) !== before) this.persist();
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HostOutputError(script, `${issue?.path.join('.')}: ${issue?.message}`);
    }
    return parsed.data;
  }

  /**
   * What powershell.exe does before a script file's first line: refuse it under the execution policy, or run it
   * in ConstrainedLanguage, where the scripts' first .NET call fails. The host.powershell probe is command text,
   * not a file, so neither applies to it.
   */
  private refuseLikePowerShell(script: string): void {
    if (script === POWERSHELL_PROBE) return;
    const ps = this.state.powershell;
    const refusal = scriptRefusal(ps, `C:\\Program Files\\RDP Doctor\\resources\\engine\\${script.replace(/\//g, '\\')}.ps1`);
    if (refusal) throw new HostScriptError(script, refusal.message, refusal.errorId);
    if (scriptMode(ps) !== 'FullLanguage') {
      throw new HostScriptError(
        script,
        'Cannot invoke method. Method invocation is supported only on core types in this language mode.',
        'MethodInvocationNotSupportedInConstrainedLanguage',
      );
    }
  }

  /** The remote session's language mode governs text sent to it; the probe itself only reads properties. */
  private refuseLikeRemoteSession(script: string): void {
    if (script === POWERSHELL_PROBE || this.state.powershell.sessionLanguageMode === 'FullLanguage') return;
    throw new HostScriptError(
      script,
      'Cannot invoke method. Method invocation is supported only on core types in this language mode.',
      'MethodInvocationNotSupportedInConstrainedLanguage',
    );
  }

  /**
   * Task Scheduler's view: the one-time tasks whose time has come on this host's clock. The caller runs what
   * the task runs (RDP Doctor's validated rollback) and then `finishTask`, so whoever next looks at the host
   * finds them done, as on Windows where they ran while nobody watched. A crash in between leaves it due.
   */
  dueTasks(): ScheduledTask[] {
    const now = this.now().getTime();
    // StartWhenAvailable runs a missed task once the PC is on again, but only while its trigger is active.
    return this.state.scheduledTasks.filter((t) => Date.parse(t.at) <= now && (!t.endBoundary || now <= Date.parse(t.endBoundary)));
  }

  /** Who runs the due tasks before every script from now on (the app and the CLI give RDP Doctor's revert). */
  runTasksWith(runner: TaskRunner | null): void {
    this.taskRunner = runner;
  }

  /**
   * Runs every due task, oldest first, with `runner` (default: the one set by runTasksWith), each deleted once
   * it ran. Concurrent callers share one catch-up; the task's own scripts do not wait for it.
   */
  async runDueTasks(runner: TaskRunner | null = this.taskRunner): Promise<void> {
    if (!runner || insideTask.getStore()) return;
    while (this.catchingUp) await this.catchingUp;
    if (this.dueTasks().length === 0) return;
    const catchUp = async () => {
      for (const task of [...this.dueTasks()].sort((a, b) => a.at.localeCompare(b.at))) {
        await insideTask.run(true, () => runner(task));
        this.finishTask(task.entryId);
      }
    };
    this.catchingUp = catchUp().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  /** A one-time task that ran is deleted (the task's DeleteExpiredTaskAfter on Windows). */
  finishTask(entryId: string): void {
    this.state.scheduledTasks = this.state.scheduledTasks.filter((t) => t.entryId !== entryId);
    this.persist();
  }

  /** Replaces the whole state (scenario picker) and starts a fresh state file for it. */
  reset(scenario: string): void {
    this.state = loadScenario(scenario, new Date());
    this.applyToken();
    (this as { scenario: string }).scenario = scenario;
    this.persist();
  }

  persist(): void {
    if (!this.stateFile) return;
    // The token is this process's, not the machine's: the file keeps the machine's value for the next start.
    const state =
      this.machineElevated === null ? this.state : { ...this.state, computer: { ...this.state.computer, elevated: this.machineElevated } };
    const doc = {
      format: STATE_FORMAT,
      version: 1,
      scenario: this.scenario,
      savedAt: new Date().toISOString(),
      sha256: digest(state),
      state,
    };
    const text = JSON.stringify(doc, null, 1);
    writeFileAtomic(this.stateFile, text);
    this.fileSha = createHash('sha256').update(text).digest('hex');
  }

  async flush(): Promise<void> {
    this.persist();
  }

  async close(): Promise<void> {}
}

function fileDigest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function knownScenario(name: string): boolean {
  try {
    readScenarioFile(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * ok: the host. Not ok: `foreign` when the file is not one the simulator wrote (a folder, a device, a link, a
 * document, JSON of another program): it is never moved or written, the command is refused. Otherwise it is a
 * state file that no longer loads (truncated, edited, another version): `diagnose` keeps it aside and starts fresh.
 */
type Loaded = { ok: true; state: WinState; scenario: string } | { ok: false; reason: string; foreign: boolean };

/** A file the simulator did not write: opening it as a host is refused, and it is left exactly as it is. */
export class ForeignStateFileError extends Error {
  override name = 'ForeignStateFileError';
  readonly field = '--state';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `--state: ${file} ${reason}. It was left as it is and nothing was changed: pass the file "fix" or "diagnose" wrote, or a new file name`,
    );
  }
}

/** Far larger than any state file the simulator writes (tens of KB): not one, and not read whole. */
const MAX_STATE_BYTES = 8 * 1024 * 1024;
/** How every state file the simulator writes begins; a truncated one still does. */
const OUR_START = new RegExp(`^\\uFEFF?\\s*\\{\\s*"format"\\s*:\\s*"${STATE_FORMAT}"`);

function foreign(reason: string): Loaded {
  return { ok: false, foreign: true, reason };
}

function damaged(reason: string): Loaded {
  return { ok: false, foreign: false, reason };
}

/** Refuses, before reading a byte, what cannot be a state file; a link is refused too (it may point anywhere). */
function notARegularFile(file: string): Loaded | null {
  let st;
  try {
    st = lstatSync(file);
  } catch (err) {
    return foreign(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (st.isDirectory()) return foreign('is a folder, not a state file');
  if (st.isSymbolicLink()) return foreign('is a link; pass the state file itself');
  if (!st.isFile()) return foreign('is not a regular file (a device, pipe or socket)');
  if (st.size > MAX_STATE_BYTES) return foreign(`is ${st.size} bytes, far larger than any state file`);
  return null;
}

export function readStateFile(file: string): Loaded {
  const refused = notARegularFile(file);
  if (refused) return refused;
  let text: string;
  let parsedJson: unknown;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return foreign(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    parsedJson = JSON.parse(text);
  } catch (err) {
    // Empty, or cut short while it was being written: the simulator's own file. Anything else is someone else's.
    if (text.trim() === '' || OUR_START.test(text)) return damaged(`not valid JSON: ${(err as Error).message}`);
    return foreign('is not an RDP Doctor state file (not JSON)');
  }
  const doc = (parsedJson ?? {}) as { format?: unknown; version?: unknown; state?: unknown; sha256?: unknown; scenario?: unknown };
  if (doc.format !== STATE_FORMAT) return foreign(`is not an RDP Doctor state file (no "format": "${STATE_FORMAT}")`);
  if (doc.version !== 1)
    return damaged(`written by another version of RDP Doctor (state format ${String(doc.version).slice(0, 20)}; this one reads 1)`);
  const parsed = WinState.safeParse(doc.state);
  if (!parsed.success) return damaged(`state.${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  if (digest(parsed.data) !== doc.sha256) return damaged('checksum mismatch');
  if (typeof doc.scenario !== 'string') return damaged('scenario name missing');
  // A scenario this version does not know cannot be reset or described: damaged like any other unreadable file.
  if (!knownScenario(doc.scenario)) return damaged(`unknown scenario "${doc.scenario.slice(0, 60)}"`);
  return { ok: true, state: parsed.data, scenario: doc.scenario };
}

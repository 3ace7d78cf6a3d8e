// The one implementation of the IPC contract (shared/contract.ts). Electron's ipcMain handlers and the web
// bridge forward to it; the CLI uses the same engine pieces directly.
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { validateArgs, type Args, type Channel, type Envelope, type EventName, type Result } from '../../shared/contract';
import type { HostInfo } from '../../shared/model';
import { parseTarget, type Target } from '../../shared/target';
import { allChecks, findCheck } from '../engine/checks';
import { createContext } from '../engine/context';
import { evaluate } from '../engine/evaluate';
import { applyFix, previewFix, rollbackEntry } from '../engine/fixer';
import { Journal } from '../engine/journal';
import { diagnose, newRunId } from '../engine/diagnose';
import { fixInfo } from '../engine/types';
import type { HostAdapter } from '../hosts/host-adapter';
import { SimulatedHost } from '../hosts/simulated/simulated-host';
import { listScenarios, loadScenario } from '../hosts/simulated/scenarios';
import { ServiceError, toRpcError } from './errors';
import { openHost, type HostChoice } from './host-choice';
import { archiveJournal, journalDir } from './journal-location';
import { RwLock } from '../util/rw-lock';
import type { AppService, EventMap, ServiceHooks } from './service-types';
import { APP_VERSION } from './version';
import { CurrentDiagnosis } from './current-diagnosis';
import { exportReport, summarizeReport } from './report-export';

export interface AppServiceOptions {
  host: HostChoice;
  dataDir: string;
  hooks?: ServiceHooks;
  /** Injected host, for tests of the transport layers. */
  hostAdapter?: HostAdapter;
}

function unknownHostInfo(kind: HostAdapter['kind']): HostInfo {
  return { kind, scenario: null, scenarioSummary: null, computerName: hostname(), os: 'unknown', build: 'unknown', elevated: false, user: 'unknown', inRdpSession: false };
}

type Handlers = { [C in Channel]: (args: Args<C>) => Promise<Result<C>> };

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const emitter = new EventEmitter();
  let choice = options.host;
  let host: HostAdapter = options.hostAdapter ?? openHost(choice);
  let journal = new Journal(journalDir(choice, options.dataDir));
  const startupProblems = host instanceof SimulatedHost ? [...host.problems] : [];
  let hostInfo: HostInfo;
  try {
    hostInfo = await host.info();
  } catch (err) {
    // The window must still open and say what is wrong (PowerShell missing, blocked by policy, ...);
    // every check will then report the same cause instead of the app failing to start.
    hostInfo = unknownHostInfo(host.kind);
    startupProblems.push(`RDP Doctor could not read this PC's basics through PowerShell (${err instanceof Error ? err.message : String(err)}). Checks that need PowerShell will report errors; make sure Windows PowerShell 5.1 can run, then restart the app.`);
  }
  const current = new CurrentDiagnosis();
  const runs = new Map<string, AbortController>();
  // One lock per host slot: reads share it; a fix, a rollback or a scenario switch runs alone, so a
  // double-click cannot journal one change twice and a switch cannot land in the middle of a fix.
  const lock = new RwLock();

  const target = (text: string | null): Target | null => {
    if (text === null) return null;
    const parsed = parseTarget(text, 'target');
    if (!parsed.ok) throw new ServiceError('bad-input', parsed.error, 'target');
    return parsed.target;
  };
  const context = (t: Target | null, signal = new AbortController().signal) => createContext(host, hostInfo, t, signal);
  const hostRef = () => ({
    kind: host.kind,
    scenario: host instanceof SimulatedHost ? host.scenario : null,
    stateFile: host instanceof SimulatedHost ? host.stateFile : null,
  });
  const check = (id: string) => {
    const c = findCheck(id);
    if (!c) throw new ServiceError('not-found', `checkId: "${id}" is not a known check`, 'checkId');
    return c;
  };

  const switchScenario = async (name: string): Promise<HostInfo> => {
    if (choice.kind !== 'simulated') throw new ServiceError('forbidden', 'name: scenarios exist only on the simulated host', 'name');
    const next: HostChoice = { ...choice, scenario: name };
    // Loaded before anything is archived, so an unknown scenario changes nothing.
    loadScenario(name);
    // The picked scenario replaces the state file's content; the old journal is archived, not deleted.
    if (choice.stateFile) archiveJournal(journalDir(next, options.dataDir));
    const replaced = SimulatedHost.open({ scenario: name, stateFile: choice.stateFile ?? null });
    replaced.reset(name);
    await host.close();
    host = replaced;
    choice = next;
    journal = new Journal(journalDir(choice, options.dataDir));
    hostInfo = await host.info();
    current.reset();
    return hostInfo;
  };

  // A window that has run nothing (runId null) exports the journal only, never another window's last run.
  const reportState = (runId?: string | null) => ({
    diagnosis: runId === null ? null : current.diagnosis,
    firstFindings: runId === null ? [] : current.firstFindings,
    journal: journal.list().entries,
    hostInfo,
    probe: runId === null ? null : current.lastProbe,
  });

  const handlers: Handlers = {
    'app:info': async () => ({ version: APP_VERSION, platform: process.platform, host: hostInfo, simulated: host.kind === 'simulated' }),

    'scenarios:list': async () => (host.kind === 'simulated' ? listScenarios() : []),

    'scenarios:select': async ({ name }) => {
      if (!(host instanceof SimulatedHost) || choice.kind !== 'simulated') {
        throw new ServiceError('forbidden', 'name: scenarios exist only on the simulated host; this app is connected to a real Windows host', 'name');
      }
      // Cancel the runs first, so the switch does not wait for them to finish on the old scenario.
      for (const c of runs.values()) c.abort();
      return lock.write(() => switchScenario(name));
    },

    'diagnose:run': async ({ target: text, sides, checks: ids }) => {
      const t = target(text);
      const selected = allChecks.filter((c) => (!sides || sides.includes(c.side)) && (!ids || ids.includes(c.id)));
      const runId = newRunId();
      const controller = new AbortController();
      // Registered before it waits for the lock, so a run queued behind a fix can still be cancelled.
      runs.set(runId, controller);
      try {
        return await lock.read(async () => {
          const result = await diagnose(selected, context(t, controller.signal), { runId, onProgress: (p) => emitter.emit('diagnose:progress', p) });
          current.record(result.diagnosis, result.probe);
          return result.diagnosis;
        });
      } finally {
        runs.delete(runId);
      }
    },

    'diagnose:cancel': async ({ runId }) => {
      const c = runs.get(runId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },

    'check:run': async ({ checkId, target: text }) => {
      const c = check(checkId);
      const t = target(text);
      return lock.read(async () => {
        const { finding } = await evaluate(c, context(t));
        current.update(finding);
        return finding;
      });
    },

    'fix:preview': async ({ checkId, fixId, target: text }) => {
      const c = check(checkId);
      const t = target(text);
      const { fix, plan } = await lock.read(() => previewFix(c, fixId, context(t)));
      return { fix: fixInfo(fix), changes: plan.changes, warnings: plan.warnings };
    },

    // applyFix re-reads the state under the lock, so a second click finds that the fix no longer applies.
    'fix:apply': async ({ checkId, fixId, confirmed, target: text }) => {
      const c = check(checkId);
      const t = target(text);
      return lock.write(async () => {
        const result = await applyFix(c, fixId, context(t), journal, hostRef(), { confirmed });
        current.update(result.finding);
        await current.refreshOthers(checkId, async (id) => (await evaluate(check(id), context(t))).finding);
        return result;
      });
    },

    'journal:list': async () => {
      const { entries, problems } = journal.list();
      return { entries, problems: [...startupProblems, ...problems] };
    },

    // The entry is read under the lock: a second click sees what the first one already rolled back.
    'journal:rollback': async ({ entryId }) =>
      lock.write(async () => {
        const { entry, problem } = journal.read(entryId);
        if (!entry) throw new ServiceError('not-found', problem ?? `entryId: no journal entry ${entryId}`, 'entryId');
        const last = current.diagnosis;
        const t = last?.target ? target(last.target) : null;
        const result = await rollbackEntry(entry, findCheck(entry.checkId), context(t), journal);
        current.update(result.finding);
        await current.refreshOthers(entry.checkId, async (id) => (await evaluate(check(id), context(t))).finding);
        return result;
      }),

    'probe:run': async ({ target: text, timeoutMs }) => {
      const t = target(text)!;
      const { runProbe } = await import('../probe');
      return runProbe(t, { timeoutMs });
    },

    'scan:run': async ({ targets, concurrency, timeoutMs }) => {
      targets.forEach((text, i) => {
        const parsed = parseTarget(text, `targets.${i}`);
        if (!parsed.ok) throw new ServiceError('bad-input', parsed.error, `targets.${i}`);
      });
      const { scanTargets } = await import('../probe');
      return scanTargets(targets, { concurrency, timeoutMs });
    },

    'report:export': async ({ format, redactUser, runId }) =>
      exportReport({ format, redactUser, ...reportState(runId), hooks: options.hooks }),

    'report:summary': async ({ redactUser, runId }) => ({
      text: summarizeReport({ redactUser, ...reportState(runId) }),
    }),

    'app:relaunch-elevated': async () =>
      options.hooks?.relaunchElevated
        ? options.hooks.relaunchElevated()
        : { started: false, message: 'Restarting as administrator is available in the desktop app on Windows. Start RDP Doctor with "Run as administrator".' },
  };
  return {
    async invoke<C extends Channel>(channel: C | string, args: unknown): Promise<Envelope<Result<C>>> {
      const valid = validateArgs<C>(channel, args);
      if (!valid.ok) return { ok: false, error: valid.error };
      try {
        const handler = handlers[valid.channel] as (a: unknown) => Promise<Result<C>>;
        return { ok: true, value: await handler(valid.args) };
      } catch (err) {
        return { ok: false, error: toRpcError(err) };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    async close() {
      for (const c of runs.values()) c.abort();
      await host.close();
    },
  };
}


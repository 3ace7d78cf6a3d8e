// The one implementation of the IPC contract (shared/contract.ts). Electron's ipcMain handlers and the web
// bridge forward to it; the CLI uses the same engine pieces directly.
import { EventEmitter } from 'node:events';
import { validateArgs, type Args, type Channel, type Envelope, type EventName, type Result } from '../../shared/contract';
import type { Diagnosis, HostInfo } from '../../shared/model';
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
import { listScenarios } from '../hosts/simulated/scenarios';
import { ServiceError, toRpcError } from './errors';
import { openHost, type HostChoice } from './host-choice';
import { archiveJournal, journalDir } from './journal-location';
import type { AppService, EventMap, ServiceHooks } from './service-types';
import { APP_VERSION } from './version';
import { exportReport, summarizeReport } from './report-export';

export interface AppServiceOptions {
  host: HostChoice;
  dataDir: string;
  hooks?: ServiceHooks;
  /** Injected host, for tests of the transport layers. */
  hostAdapter?: HostAdapter;
}

type Handlers = { [C in Channel]: (args: Args<C>) => Promise<Result<C>> };

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const emitter = new EventEmitter();
  let choice = options.host;
  let host: HostAdapter = options.hostAdapter ?? openHost(choice);
  let journal = new Journal(journalDir(choice, options.dataDir));
  let hostInfo: HostInfo = await host.info();
  let lastDiagnosis: Diagnosis | null = null;
  let lastProbe: unknown = null;
  const runs = new Map<string, AbortController>();
  const startupProblems = host instanceof SimulatedHost ? [...host.problems] : [];

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

  const handlers: Handlers = {
    'app:info': async () => ({ version: APP_VERSION, platform: process.platform, host: hostInfo, simulated: host.kind === 'simulated' }),

    'scenarios:list': async () => (host.kind === 'simulated' ? listScenarios() : []),

    'scenarios:select': async ({ name }) => {
      if (!(host instanceof SimulatedHost) || choice.kind !== 'simulated') {
        throw new ServiceError('forbidden', 'name: scenarios exist only on the simulated host; this app is connected to a real Windows host', 'name');
      }
      for (const c of runs.values()) c.abort();
      const next: HostChoice = { ...choice, scenario: name };
      // The picked scenario replaces the state file's content; the old journal is archived, not deleted.
      if (choice.stateFile) archiveJournal(journalDir(next, options.dataDir));
      const fresh = SimulatedHost.open({ scenario: name, stateFile: choice.stateFile ?? null });
      fresh.reset(name);
      await host.close();
      host = fresh;
      choice = next;
      journal = new Journal(journalDir(choice, options.dataDir));
      hostInfo = await host.info();
      lastDiagnosis = null;
      return hostInfo;
    },

    'diagnose:run': async ({ target: text, sides, checks: ids }) => {
      const t = target(text);
      const selected = allChecks.filter((c) => (!sides || sides.includes(c.side)) && (!ids || ids.includes(c.id)));
      const runId = newRunId();
      const controller = new AbortController();
      runs.set(runId, controller);
      try {
        const result = await diagnose(selected, context(t, controller.signal), { runId, onProgress: (p) => emitter.emit('diagnose:progress', p) });
        lastDiagnosis = result.diagnosis;
        lastProbe = result.probe;
        return lastDiagnosis;
      } finally {
        runs.delete(runId);
      }
    },

    'diagnose:cancel': async ({ runId }) => {
      const c = runs.get(runId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },

    'check:run': async ({ checkId, target: text }) => (await evaluate(check(checkId), context(target(text)))).finding,

    'fix:preview': async ({ checkId, fixId, target: text }) => {
      const { fix, plan } = await previewFix(check(checkId), fixId, context(target(text)));
      return { fix: fixInfo(fix), changes: plan.changes, warnings: plan.warnings };
    },

    'fix:apply': async ({ checkId, fixId, confirmed, target: text }) =>
      applyFix(check(checkId), fixId, context(target(text)), journal, hostRef(), { confirmed }),

    'journal:list': async () => {
      const { entries, problems } = journal.list();
      return { entries, problems: [...startupProblems, ...problems] };
    },

    'journal:rollback': async ({ entryId }) => {
      const { entry, problem } = journal.read(entryId);
      if (!entry) throw new ServiceError('not-found', problem ?? `entryId: no journal entry ${entryId}`, 'entryId');
      const t = lastDiagnosis?.target ? target(lastDiagnosis.target) : null;
      return rollbackEntry(entry, findCheck(entry.checkId), context(t), journal);
    },

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

    'report:export': async ({ format, redactUser }) =>
      exportReport({ format, redactUser, diagnosis: lastDiagnosis, journal: journal.list().entries, hostInfo, probe: lastProbe, hooks: options.hooks }),

    'report:summary': async ({ redactUser }) => ({
      text: summarizeReport({ redactUser, diagnosis: lastDiagnosis, journal: journal.list().entries, hostInfo, probe: lastProbe }),
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


// The one implementation of the IPC contract (shared/contract.ts). Electron's ipcMain handlers and the web
// bridge forward to it; the CLI uses the same engine pieces directly. The host slot (which host, its journal,
// its lock, another host reached from this PC) is in host-slot.ts, the fix channels in fix-handlers.ts, the
// fleet in reach-service.ts; this file wires the channels.
import { EventEmitter } from 'node:events';
import { validateArgs, type Args, type Channel, type Envelope, type EventName, type Result } from '../../shared/contract';
import type { Finding, JournalEntry, Progress } from '../../shared/model';
import { parseAccountName } from '../../shared/account';
import { decodeError, parseErrorPair } from '../../shared/error-codes';
import { allChecks, findCheck } from '../engine/checks';
import { evaluateBehindGate, withScriptGate } from '../engine/script-gate';
import { evaluate } from '../engine/evaluate';
import { rollbackEntry } from '../engine/fixer';
import { diagnose, newRunId } from '../engine/diagnose';
import type { ErrorHint } from '../engine/causes';
import { diagnoseAcross } from '../reach/diagnose-remote';
import { rollbackOverLink } from '../reach/remote-fix';
import type { HostAdapter } from '../hosts/host-adapter';
import { listScenarios } from '../hosts/simulated/scenarios';
import { ServiceError, toRpcError } from './errors';
import { createFixHandlers } from './fix-handlers';
import type { HostChoice } from './host-choice';
import { openHostSlot, type HostSlot } from './host-slot';
import type { AppService, EventMap, ServiceHooks } from './service-types';
import { APP_VERSION } from './version';
import { CurrentDiagnosis } from './current-diagnosis';
import { exportReport, summarizeReport } from './report-export';
import { runFleetText } from './reach-service';

export interface AppServiceOptions {
  host: HostChoice;
  dataDir: string;
  hooks?: ServiceHooks;
  /** Injected host, for tests of the transport layers. */
  hostAdapter?: HostAdapter;
}

type Handlers = { [C in Channel]: (args: Args<C>) => Promise<Result<C>> };

/**
 * After a fix, a rollback or a scheduled revert: the changed check's new reading, then the other checks that may
 * have been its consequences, so the report and "Copy summary" describe the host as it is now. Runs inside the
 * caller's lock.
 */
async function refreshAfterChange(
  slot: HostSlot,
  current: CurrentDiagnosis,
  checkId: string,
  finding: Finding | null,
  target: string | null,
): Promise<void> {
  current.update(finding);
  await current.refreshOthers(checkId, async (id) => (await evaluate(slot.check(id), slot.context(target))).finding);
}

/** The checks the host's scheduled revert task changed are read again: the downgrade is no longer in place. */
async function refreshReverted(slot: HostSlot, current: CurrentDiagnosis, reverted: JournalEntry[]): Promise<void> {
  const target = current.diagnosis?.target ?? null;
  if (reverted.length === 0 || !current.diagnosis) return;
  await slot.shared(async () => {
    for (const entry of reverted) {
      const finding = (await evaluate(slot.check(entry.checkId), slot.context(target))).finding;
      await refreshAfterChange(slot, current, entry.checkId, finding, target);
    }
  });
}

function diagnoseHandlers(slot: HostSlot, emitter: EventEmitter, current: CurrentDiagnosis, runs: Map<string, AbortController>) {
  return {
    'diagnose:run': async ({ target, sides, checks: ids, error: errorText, user }: Args<'diagnose:run'>) => {
      const error = errorHint(errorText);
      const account = accountOf(user);
      ids?.forEach((id, i) => {
        // A well-formed id of no check ran nothing and then summarised that as "fixed": name it instead.
        if (!allChecks.some((c) => c.id === id))
          throw new ServiceError('bad-input', `checks.${i}: no check has the id "${id}"`, `checks.${i}`);
      });
      const chosen = allChecks.filter((c) => (!sides || sides.includes(c.side)) && (!ids || ids.includes(c.id)));
      const selected = ids ? withScriptGate(chosen, allChecks) : chosen;
      const runId = newRunId();
      const controller = new AbortController();
      // Registered before it waits for the lock, so a run queued behind a fix can still be cancelled.
      runs.set(runId, controller);
      try {
        return await slot.shared(async () => {
          const onProgress = (p: Progress) => emitter.emit('diagnose:progress', p);
          const remote = slot.remote();
          // Another host reached: its host checks run there, the client checks on this PC, ranked together.
          const result = remote
            ? await diagnoseAcross(selected, { local: remote.local, remote: remote.host }, slot.target(target), {
                signal: controller.signal,
                onProgress,
                error,
                account,
              })
            : await diagnose(selected, { ...slot.context(target, controller.signal), account }, { runId, error, onProgress });
          current.record(result.diagnosis, result.probe);
          return result.diagnosis;
        });
      } finally {
        runs.delete(runId);
      }
    },
    'diagnose:cancel': async ({ runId }: Args<'diagnose:cancel'>) => {
      const c = runs.get(runId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },
    'check:run': async ({ checkId, target }: Args<'check:run'>) => {
      const c = slot.check(checkId);
      const ctx = slot.context(target);
      return slot.shared(async () => {
        const { finding, gate } = await evaluateBehindGate(c, allChecks, ctx, newRunId());
        current.update(gate);
        current.update(finding);
        return finding;
      });
    },
  };
}

/**
 * Who confirms a rollback that lowers security or ends the Remote Desktop session the app runs in: the native
 * dialog, or the page's word on a simulated host only.
 */
function rollbackConfirmer(slot: HostSlot, hooks: ServiceHooks | undefined, title: string, pageConfirmed: boolean) {
  return async (detail: string, reason: 'downgrade' | 'disconnect') => {
    const kind = reason === 'disconnect' ? 'rollback-disconnect' : 'rollback-downgrade';
    if (hooks?.confirmFix) return hooks.confirmFix({ kind, title, detail, revertAfterMinutes: null });
    return slot.simulation() && pageConfirmed;
  };
}

function journalHandlers(slot: HostSlot, current: CurrentDiagnosis, hooks: ServiceHooks | undefined) {
  return {
    'journal:list': async () => {
      // revertMissed is judged on the host's clock: the entry whose automatic revert did not run says so.
      const { entries, problems } = slot.journal().list(slot.context(null).now());
      return { entries, problems: [...slot.problems(), ...problems] };
    },
    // The entry is read under the lock: a second click sees what the first one already rolled back.
    'journal:rollback': async ({ entryId, confirmed }: Args<'journal:rollback'>) =>
      slot.exclusive(async () => {
        const { entry, problem } = slot.journal().read(entryId);
        if (!entry) throw new ServiceError('not-found', problem ?? `entryId: no journal entry ${entryId}`, 'entryId');
        const target = current.diagnosis?.target ?? null;
        // Over a link, rollbackOverLink also refuses an entry of another host and survives a dropped session.
        const options = { confirm: rollbackConfirmer(slot, hooks, entry.title, confirmed === true) };
        const [check, ctx] = [findCheck(entry.checkId), slot.context(target)];
        const result = slot.remote()
          ? await rollbackOverLink(entry, check, ctx, slot.journal(), options)
          : await rollbackEntry(entry, check, ctx, slot.journal(), { kind: 'user' }, options);
        await refreshAfterChange(slot, current, entry.checkId, result.finding, target);
        return result;
      }),
  };
}

function reachHandlers(slot: HostSlot, current: CurrentDiagnosis, runs: Map<string, AbortController>, dataDir: string) {
  // Simulation: the scenario each host of the last fleet run had, so opening one from the fleet opens that host.
  const fleetScenarios = new Map<string, string>();
  return {
    'host:connect': async (args: Args<'host:connect'>) => {
      for (const c of runs.values()) c.abort();
      const info = await slot.connect(args, fleetScenarios);
      current.reset();
      return info;
    },
    'fleet:run': async ({ text, concurrency }: Args<'fleet:run'>) =>
      runFleetText(text, concurrency, { dataDir, simulated: slot.simulation(), scenario: null, fleetScenarios }),
  };
}

// A window that has run nothing (runId null) exports the journal only, never another window's last run.
function reportState(slot: HostSlot, current: CurrentDiagnosis, runId: string | null | undefined) {
  return {
    diagnosis: runId === null ? null : current.diagnosis,
    firstFindings: runId === null ? [] : current.firstFindings,
    journal: slot.journal().list().entries,
    hostInfo: slot.info(),
    probe: runId === null ? null : current.lastProbe,
  };
}

function otherHandlers(slot: HostSlot, current: CurrentDiagnosis, runs: Map<string, AbortController>, hooks: ServiceHooks | undefined) {
  return {
    'app:info': async () => ({ version: APP_VERSION, platform: process.platform, host: slot.info(), simulated: slot.simulation() }),
    'scenarios:list': async () => (slot.simulation() ? listScenarios() : []),
    'scenarios:select': async ({ name }: Args<'scenarios:select'>) => {
      // Cancel the runs first, so the switch does not wait for them to finish on the old scenario.
      for (const c of runs.values()) c.abort();
      const info = await slot.switchScenario(name);
      current.reset();
      return info;
    },
    'probe:run': async ({ target, timeoutMs }: Args<'probe:run'>) => {
      const { runProbe } = await import('../probe');
      return runProbe(slot.target(target)!, { timeoutMs });
    },
    'scan:run': async ({ targets, concurrency, timeoutMs }: Args<'scan:run'>) => {
      targets.forEach((text, i) => slot.target(text, `targets.${i}`));
      const { scanTargets } = await import('../probe');
      return scanTargets(targets, { concurrency, timeoutMs });
    },
    'report:export': async ({ format, redactUser, runId }: Args<'report:export'>) =>
      exportReport({ format, redactUser, ...reportState(slot, current, runId), hooks }),
    'report:summary': async ({ redactUser, runId }: Args<'report:summary'>) => ({
      text: summarizeReport({ redactUser, ...reportState(slot, current, runId) }),
    }),
    'app:relaunch-elevated': async () =>
      hooks?.relaunchElevated
        ? hooks.relaunchElevated()
        : {
            started: false,
            message:
              'Restarting as administrator is available in the desktop app on Windows. Start RDP Doctor with "Run as administrator".',
          },
  };
}

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const emitter = new EventEmitter();
  const slot = await openHostSlot(options);
  const current = new CurrentDiagnosis();
  const runs = new Map<string, AbortController>();
  const handlers: Handlers = {
    ...otherHandlers(slot, current, runs, options.hooks),
    ...diagnoseHandlers(slot, emitter, current, runs),
    ...createFixHandlers(slot, options.hooks, {
      afterApply: (checkId, finding, target) => refreshAfterChange(slot, current, checkId, finding, target),
    }),
    ...journalHandlers(slot, current, options.hooks),
    ...reachHandlers(slot, current, runs, options.dataDir),
  };
  return {
    async invoke<C extends Channel>(channel: C | string, args: unknown): Promise<Envelope<Result<C>>> {
      const valid = validateArgs<C>(channel, args);
      if (!valid.ok) return { ok: false, error: valid.error };
      try {
        // The simulated host's Task Scheduler runs due reverts before anyone looks at the host again.
        await refreshReverted(slot, current, await slot.catchUp());
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
      await slot.close();
    },
  };
}
/** The account the technician connects with, checked for its form; a bad one is bad input naming the field. */
function accountOf(text: string | undefined): string | null {
  if (text === undefined || text.trim() === '') return null;
  const parsed = parseAccountName(text, 'user');
  if (!parsed.ok) throw new ServiceError('bad-input', parsed.error, 'user');
  return parsed.account;
}

/** The error code pair the technician typed, decoded for ranking; a typo is bad input naming the field. */
function errorHint(text: string | undefined): ErrorHint | undefined {
  if (text === undefined) return undefined;
  const pair = parseErrorPair(text, 'error');
  if (!pair.ok) throw new ServiceError('bad-input', pair.error, 'error');
  const decoded = decodeError(pair.code, pair.extended);
  if (!decoded.ok) throw new ServiceError('bad-input', decoded.error, 'error');
  const e = decoded.decoded;
  return { label: e.extended ? `${e.code}/${e.extended}` : e.code, stage: e.stage, checks: e.checks };
}

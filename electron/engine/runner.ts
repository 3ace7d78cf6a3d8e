// Runs many checks with bounded concurrency, per-check deadlines and cancellation, and reports progress as
// each one starts and finishes, so the UI streams results instead of waiting for the slowest.
import type { Finding, Progress } from '../../shared/model';
import { evaluate, DEFAULT_CHECK_TIMEOUT_MS } from './evaluate';
import type { AnyCheck, CheckContext } from './types';

/**
 * The check that says whether host scripts can run at all (execution policy, language mode). It runs before
 * every other check; when it does not pass, the checks that need scripts are skipped with a pointer to it
 * instead of each failing (or waiting out its timeout) on the same cause.
 */
export const SCRIPT_GATE = 'host.powershell';

function skippedBehindGate(check: AnyCheck, gate: Finding): Finding {
  return {
    id: check.id,
    side: check.side,
    layer: check.layer,
    title: check.title,
    status: 'skipped',
    verdict: `Skipped: PowerShell cannot run RDP Doctor's scripts on this host; see ${SCRIPT_GATE} (${gate.status}).`,
    evidence: [],
    related: [SCRIPT_GATE],
    fixes: [],
    durationMs: 0,
  };
}

/**
 * Whether the gate's finding stops the script checks: a fail (scripts are refused) or an error (the probe itself
 * could not run, so neither will the scripts; over remoting it runs in the same batch as they do).
 */
function blocksScripts(gate: Finding): boolean {
  return gate.status === 'fail' || gate.status === 'error';
}

export interface RunOptions {
  runId: string;
  concurrency?: number;
  timeoutMs?: number;
  onProgress?: (p: Progress) => void;
}

/** A counting semaphore: the host lane admits as many checks as the host runs scripts at once. */
function semaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<() => void> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      return () => {
        active--;
        waiting.shift()?.();
      };
    },
  };
}

export async function runChecks(checks: AnyCheck[], ctx: CheckContext, options: RunOptions): Promise<Finding[]> {
  const results = new Array<Finding>(checks.length);
  const wanted = Number.isFinite(options.concurrency) ? Math.floor(options.concurrency!) : 6;
  const concurrency = Math.max(1, Math.min(wanted, checks.length || 1));
  // A listener that throws (a window closed mid-run) must not abandon the run and its other workers.
  const report = (p: Progress) => {
    try {
      options.onProgress?.(p);
    } catch {
      /* the run's result still comes back to the caller */
    }
  };
  // Checks that run host scripts queue for the host, not on their own clock: one PowerShell session runs one
  // script at a time, and a check's deadline must not count the time it waited behind the others.
  const hostLane = semaphore(Math.max(1, ctx.host.concurrency ?? concurrency));
  let next = 0;
  let done = 0;
  const total = checks.length;
  const gateAt = checks.findIndex((c) => c.id === SCRIPT_GATE);
  let gate: Finding | null = null;
  let gateRun: Promise<Finding> | null = null;
  if (gateAt >= 0) {
    const check = checks[gateAt]!;
    gateRun = (async () => {
      report({ runId: options.runId, checkId: check.id, phase: 'started', done, total });
      const finding = (await evaluate(check, ctx, options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS)).finding;
      gate = finding;
      results[gateAt] = finding;
      done++;
      report({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
      return finding;
    })();
    // A host that runs one script at a time (a local PowerShell session) is asked the gate first: when scripts
    // cannot run there, nothing else queues behind it or waits out its timeout. A remote host coalesces the calls
    // of a turn into one batch per round trip: the gate travels in the same first batch as the other checks'
    // first reads (a round trip costs seconds there), and its verdict is applied to their findings below.
    if (ctx.host.kind !== 'remote') await gateRun;
  }
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= checks.length) return;
      if (i === gateAt) continue;
      const check = checks[i]!;
      const needsScripts = check.scripts.length > 0;
      if (needsScripts && gate !== null && blocksScripts(gate)) {
        const finding = skippedBehindGate(check, gate);
        results[i] = finding;
        done++;
        report({ runId: options.runId, checkId: check.id, phase: 'started', done: done - 1, total });
        report({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
        continue;
      }
      const release = check.scripts.length > 0 ? await hostLane.acquire() : () => undefined;
      let finding: Finding;
      try {
        report({ runId: options.runId, checkId: check.id, phase: 'started', done, total });
        ({ finding } = await evaluate(check, ctx, options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS));
      } finally {
        release();
      }
      // Ran alongside the gate (remote): a check whose scripts the gate says cannot run is reported behind it.
      const verdict = needsScripts && gateRun ? await gateRun : null;
      if (verdict && blocksScripts(verdict)) finding = skippedBehindGate(check, verdict);
      results[i] = finding;
      done++;
      report({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

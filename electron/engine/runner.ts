// Runs many checks with bounded concurrency, per-check deadlines and cancellation, and reports progress as
// each one starts and finishes, so the UI streams results instead of waiting for the slowest.
import type { Finding, Progress } from '../../shared/model';
import { evaluate, DEFAULT_CHECK_TIMEOUT_MS } from './evaluate';
import type { AnyCheck, CheckContext } from './types';

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
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= checks.length) return;
      const check = checks[i]!;
      const release = check.scripts.length > 0 ? await hostLane.acquire() : () => undefined;
      let finding: Finding;
      try {
        report({ runId: options.runId, checkId: check.id, phase: 'started', done, total });
        ({ finding } = await evaluate(check, ctx, options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS));
      } finally {
        release();
      }
      results[i] = finding;
      done++;
      report({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

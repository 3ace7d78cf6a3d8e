// Runs many checks with bounded concurrency, per-check deadlines and cancellation, and reports progress as
// each one starts and finishes, so the UI streams results instead of waiting for the slowest.
import type { Finding, Progress } from '../../shared/model';
import { evaluate, DEFAULT_CHECK_TIMEOUT_MS } from './evaluate';
import type { Check, CheckContext } from './types';

export interface RunOptions {
  runId: string;
  concurrency?: number;
  timeoutMs?: number;
  onProgress?(p: Progress): void;
}

export async function runChecks(checks: Check<any>[], ctx: CheckContext, options: RunOptions): Promise<Finding[]> {
  const results: Finding[] = new Array(checks.length);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 6, checks.length || 1));
  let next = 0;
  let done = 0;
  const total = checks.length;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= checks.length) return;
      const check = checks[i]!;
      options.onProgress?.({ runId: options.runId, checkId: check.id, phase: 'started', done, total });
      const { finding } = await evaluate(check, ctx, options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
      results[i] = finding;
      done++;
      options.onProgress?.({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

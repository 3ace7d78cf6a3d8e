// Runs many checks with bounded concurrency, per-check deadlines and cancellation, and reports progress as
// each one starts and finishes, so the UI streams results instead of waiting for the slowest.
import type { Finding, Progress } from '../../shared/model';
import { evaluate, DEFAULT_CHECK_TIMEOUT_MS } from './evaluate';
import type { Check, CheckContext } from './types';

/**
 * The check that says whether host scripts can run at all (execution policy, language mode). It runs before
 * every other check; when it does not pass, the checks that need scripts are skipped with a pointer to it
 * instead of each failing (or waiting out its timeout) on the same cause.
 */
const SCRIPT_GATE = 'host.powershell';

function skippedBehindGate(check: Check<any>, gate: Finding): Finding {
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

export interface RunOptions {
  runId: string;
  concurrency?: number;
  timeoutMs?: number;
  onProgress?(p: Progress): void;
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

export async function runChecks(checks: Check<any>[], ctx: CheckContext, options: RunOptions): Promise<Finding[]> {
  const results: Finding[] = new Array(checks.length);
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
  if (gateAt >= 0) {
    const check = checks[gateAt]!;
    report({ runId: options.runId, checkId: check.id, phase: 'started', done, total });
    gate = (await evaluate(check, ctx, options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS)).finding;
    results[gateAt] = gate;
    done++;
    report({ runId: options.runId, checkId: check.id, phase: 'finished', finding: gate, done, total });
  }
  // Only a proven refusal (fail) skips the rest: a probe that could not run itself (error, e.g. over a remote
  // link whose transport does not carry its command text) proves nothing, so the checks run and speak for themselves.
  const blocked = gate !== null && gate.status === 'fail';
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= checks.length) return;
      if (i === gateAt) continue;
      const check = checks[i]!;
      if (blocked && check.scripts.length > 0) {
        const finding = skippedBehindGate(check, gate!);
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
      results[i] = finding;
      done++;
      report({ runId: options.runId, checkId: check.id, phase: 'finished', finding, done, total });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

// One diagnosis: run the selected checks, rank the causes, and keep the probe the client checks shared.
// The app service and the CLI both diagnose through this.
import { randomBytes } from 'node:crypto';
import type { Diagnosis, Progress } from '../../shared/model';
import { formatTarget } from '../../shared/target';
import { rankCauses, type ErrorHint } from './causes';
import { runChecks } from './runner';
import type { AnyCheck, CheckContext } from './types';

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

export interface DiagnosisResult {
  diagnosis: Diagnosis;
  /** The handshake probe's report when a client check ran it (for the report's probe section). */
  probe: unknown;
}

export async function diagnose(
  checks: AnyCheck[],
  ctx: CheckContext,
  options: { runId?: string; onProgress?: (p: Progress) => void; error?: ErrorHint } = {},
): Promise<DiagnosisResult> {
  const runId = options.runId ?? newRunId();
  const startedAt = new Date().toISOString();
  const findings = await runChecks(checks, ctx, { runId, onProgress: options.onProgress });
  const diagnosis: Diagnosis = {
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: ctx.target ? formatTarget(ctx.target) : null,
    host: ctx.hostInfo,
    findings,
    causes: rankCauses(findings, options.error),
    cancelled: ctx.signal.aborted,
  };
  // Reads the memo without starting a probe: null unless a client check already ran one.
  const probe = await ctx.memo('probe', async () => null).catch(() => null);
  return { diagnosis, probe };
}

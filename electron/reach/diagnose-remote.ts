// One diagnosis across both sides of a connection: the client checks (and the handshake probe) run on this
// PC, the host checks on the remote host; the causes are ranked over all findings together.
import type { ErrorHint } from '../engine/causes';
import type { Diagnosis, Finding, Progress } from '../../shared/model';
import type { Target } from '../../shared/target';
import { formatTarget } from '../../shared/target';
import { rankCauses } from '../engine/causes';
import { createContext } from '../engine/context';
import { newRunId } from '../engine/diagnose';
import { runChecks } from '../engine/runner';
import type { AnyCheck } from '../engine/types';
import type { HostAdapter } from '../hosts/host-adapter';
import type { RemoteHost } from './remote-host';
import { PROBE_MEMO_KEY } from '../probe/check-support';
import { runProbe, type ProbeOptions } from '../probe/probe';

export async function diagnoseAcross(
  checks: AnyCheck[],
  sides: { local: HostAdapter; remote: RemoteHost },
  target: Target | null,
  options: {
    signal?: AbortSignal;
    onProgress?: (p: Progress) => void;
    error?: ErrorHint;
    account?: string | null;
    resolver?: ProbeOptions['resolver'];
  } = {},
): Promise<{ diagnosis: Diagnosis; probe: unknown }> {
  const runId = newRunId();
  const startedAt = new Date().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  const hostInfo = await sides.remote.info();
  const clientChecks = checks.filter((c) => c.side === 'client');
  const hostChecks = checks.filter((c) => c.side !== 'client');
  // The probe checks run no script: without other client checks this PC is not asked anything.
  const needsLocal = clientChecks.some((c) => c.scripts.length > 0);
  const clientCtx = createContext(sides.local, needsLocal ? await sides.local.info() : hostInfo, target, signal);
  const hostCtx = { ...createContext(sides.remote, hostInfo, target, signal), account: options.account ?? null };
  // A simulated fleet's hosts answer the probe on loopback listeners: the probe checks share this one run.
  const resolver = options.resolver;
  if (target && resolver) void clientCtx.memo(PROBE_MEMO_KEY, () => runProbe(target, { signal, resolver })).catch(() => undefined);
  // Every host check starts at once, so their first reads travel in one batch (one round trip).
  const [clientFindings, hostFindings] = await Promise.all([
    runChecks(clientChecks, clientCtx, { runId, onProgress: options.onProgress }),
    runChecks(hostChecks, hostCtx, { runId, concurrency: Math.max(1, hostChecks.length), onProgress: options.onProgress }),
  ]);
  const byId = new Map<string, Finding>([...clientFindings, ...hostFindings].map((f) => [f.id, f]));
  const findings = checks.map((c) => byId.get(c.id)).filter((f): f is Finding => f !== undefined);
  const diagnosis: Diagnosis = {
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: target ? formatTarget(target) : null,
    host: hostInfo,
    findings,
    causes: rankCauses(findings, options.error),
    cancelled: signal.aborted,
  };
  const probe = await clientCtx.memo(PROBE_MEMO_KEY, async () => null).catch(() => null);
  return { diagnosis, probe };
}

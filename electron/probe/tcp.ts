// TCP reachability from the connects the negotiation makes anyway (one per request): latency, jitter, loss.
// Extra bare connects would only add load on servers that accept slowly, and noise in their logs.
import type { TcpAttempt, TcpLayer } from '../../shared/probe';

export function summarizeTcp(address: string | null, timeoutMs: number, attempts: TcpAttempt[], planned = attempts.length): TcpLayer {
  const times = attempts.filter((a) => a.outcome === 'connected').map((a) => a.ms);
  const round = (n: number): number => Math.round(n * 100) / 100;
  const latencyMs = times.length
    ? { min: Math.min(...times), avg: round(times.reduce((s, t) => s + t, 0) / times.length), max: Math.max(...times) }
    : null;
  const diffs = times.slice(1).map((t, i) => Math.abs(t - times[i]!));
  const jitterMs = diffs.length ? round(diffs.reduce((s, d) => s + d, 0) / diffs.length) : null;
  // Attempts skipped after a timeout count as lost: they would have timed out too.
  const lossPct = planned === 0 ? 0 : round(((planned - times.length) / planned) * 100);
  return { address, timeoutMs, planned, attempts, latencyMs, jitterMs, lossPct };
}

// TCP reachability: several connects, one after the other, for latency, jitter and loss. The first failure
// that is not a clean answer (a timeout) stops the series, so a filtered port costs one timeout, not N.
import type { TcpAttempt, TcpLayer } from '../../shared/probe';
import { connect } from './net';

export const DEFAULT_TCP_ATTEMPTS = 3;

export async function probeTcp(
  address: string,
  port: number,
  opts: { attempts?: number; timeoutMs: number; signal?: AbortSignal },
): Promise<TcpLayer> {
  const count = Math.max(1, opts.attempts ?? DEFAULT_TCP_ATTEMPTS);
  const attempts: TcpAttempt[] = [];
  for (let i = 0; i < count; i++) {
    const result = await connect(address, port, opts.timeoutMs, opts.signal);
    if (result.ok) {
      result.socket.destroy();
      attempts.push({ address, outcome: 'connected', ms: result.ms, code: null });
    } else {
      attempts.push({ address, outcome: result.outcome, ms: result.ms, code: result.code });
      if (result.outcome === 'timeout' || result.outcome === 'cancelled') break;
    }
  }
  return summarizeTcp(address, opts.timeoutMs, attempts, count);
}

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

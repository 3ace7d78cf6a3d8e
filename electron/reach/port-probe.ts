// The first step of the management-path preflight: does TCP 5985 / 5986 answer at all?
import { connect } from '../probe/net';

export async function probePort(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ open: boolean; detail: string }> {
  const r = await connect(host, port, timeoutMs, signal);
  if (r.ok) {
    r.socket.destroy();
    return { open: true, detail: `answered in ${Math.round(r.ms)} ms` };
  }
  const why =
    r.outcome === 'refused'
      ? 'connection refused'
      : r.outcome === 'timeout'
        ? `no answer within ${timeoutMs} ms`
        : `${r.outcome}${r.code ? ` (${r.code})` : ''}`;
  return { open: false, detail: why };
}

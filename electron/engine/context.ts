// Builds the CheckContext a run shares: the host, the target, a cancellation signal and a memo so that
// several checks reuse one probe or one event-log query.
import type { HostInfo } from '../../shared/model';
import type { Target } from '../../shared/target';
import type { HostAdapter } from '../hosts/host-adapter';
import type { CheckContext } from './types';

export function createContext(host: HostAdapter, hostInfo: HostInfo, target: Target | null, signal: AbortSignal): CheckContext {
  const memo = new Map<string, Promise<unknown>>();
  const clock = (host as { now?: () => Date }).now;
  return {
    host,
    hostInfo,
    target,
    signal,
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) {
        p = compute();
        memo.set(key, p);
        // A failed computation is not cached: the next check (or a re-run) tries again.
        p.catch(() => memo.delete(key));
      }
      return p;
    },
    now: () => (clock ? clock.call(host) : new Date()),
  };
}

/** A context for one check with its own deadline, still cancelled when the run is. */
export function withSignal(ctx: CheckContext, signal: AbortSignal): CheckContext {
  return { ...ctx, signal };
}

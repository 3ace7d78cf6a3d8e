// Runs one check: collect with a deadline, judge, and turn the judgement into a Finding with the fixes that
// apply (disabled, with the reason, when the app is not elevated or a policy owns the setting).
import type { Finding, FixInfo } from '../../shared/model';
import { withSignal } from './context';
import { fixInfo, type Check, type AnyCheck, type CheckContext, type Judgement } from './types';

export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;
export const NEEDS_ADMIN = 'Needs administrator rights: restart RDP Doctor as administrator.';

export class CheckTimeout extends Error {
  override name = 'CheckTimeout';
}

export interface Evaluated<Data = unknown> {
  finding: Finding;
  data: Data | undefined;
}

const abortPromises = new WeakMap<AbortSignal, Promise<never>>();

/** Rejects once `signal` aborts; one listener per signal however many checks wait on it. */
function aborted(signal: AbortSignal): Promise<never> {
  let p = abortPromises.get(signal);
  if (!p) {
    p = new Promise<never>((_, reject) => {
      // Every abort here carries the default AbortError (a DOMException, an Error); a non-Error reason becomes one.
      const fail = () =>
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
    p.catch(() => undefined);
    abortPromises.set(signal, p);
  }
  return p;
}

export function offeredFixes(check: AnyCheck, judgement: Judgement, data: unknown, ctx: CheckContext): FixInfo[] {
  if (judgement.status === 'pass' || judgement.status === 'skipped') return [];
  const ids = judgement.fixes ?? check.fixes.map((f) => f.id);
  return check.fixes
    .filter((f) => ids.includes(f.id))
    .map((f) => {
      const blocked = f.blockedBy?.(data, ctx) ?? null;
      const reason = blocked ?? (f.needsAdmin && !ctx.hostInfo.elevated ? NEEDS_ADMIN : undefined);
      return fixInfo(f, reason ?? undefined, f.choices?.(data));
    });
}

/**
 * A client check that reads Windows state (saved credentials, history, security software) reads the simulated
 * model when the host is simulated, not the computer the app runs on: its verdict says so, as the host side does.
 */
function simulatedClientNote(check: AnyCheck, ctx: CheckContext, verdict: string): string {
  if (check.side !== 'client' || check.needsTarget || ctx.host.kind !== 'simulated') return verdict;
  return `${verdict} (Simulated: read from the simulated Windows PC, not from this computer.)`;
}

export async function evaluate<Data>(
  check: Check<Data>,
  ctx: CheckContext,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<Evaluated<Data>> {
  const started = performance.now();
  const base = { id: check.id, side: check.side, layer: check.layer, title: check.title, related: [] as string[] };
  const done = (f: Omit<Finding, 'durationMs' | keyof typeof base> & Partial<typeof base>, data?: Data): Evaluated<Data> => ({
    finding: { ...base, ...f, durationMs: Math.round(performance.now() - started) },
    data,
  });
  if (check.needsTarget && !ctx.target) {
    return done({
      status: 'skipped',
      verdict: 'Needs a target: enter the name or address of the PC you connect to.',
      evidence: [],
      fixes: [],
    });
  }
  if (ctx.signal.aborted) return done({ status: 'skipped', verdict: 'Cancelled before it started.', evidence: [], fixes: [] });
  const controller = new AbortController();
  // One listener per run signal, shared by its checks (a listener each would trip MaxListenersExceeded at
  // more than ten checks in flight); a promise reaction per check instead, inert once the check has settled.
  let settled = false;
  aborted(ctx.signal).catch((reason) => {
    if (!settled) controller.abort(reason);
  });
  const checkCtx = withSignal(ctx, controller.signal);
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject before aborting: the abort also settles `cancelled`, and the race must see the timeout first.
        reject(new CheckTimeout(`did not finish within ${Math.round(timeoutMs / 1000)} s`));
        controller.abort();
      }, timeoutMs);
    });
    // Listens on this check's own signal (aborted by the run's), so no listener outlives the check.
    const cancelled = new Promise<never>((_, reject) => {
      if (ctx.signal.aborted) reject(new Error('cancelled'));
      controller.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    });
    cancelled.catch(() => undefined);
    const data = await Promise.race([check.collect(checkCtx), deadline, cancelled]);
    const j = check.judge(data, checkCtx);
    return done(
      {
        status: j.status,
        verdict: simulatedClientNote(check, ctx, j.verdict),
        evidence: j.evidence,
        related: j.related ?? [],
        ...(j.policy ? { policy: j.policy } : {}),
        fixes: offeredFixes(check, j, data, checkCtx),
      },
      data,
    );
  } catch (err) {
    if (ctx.signal.aborted) return done({ status: 'skipped', verdict: 'Cancelled before it finished.', evidence: [], fixes: [] });
    const message = err instanceof Error ? err.message : String(err);
    const verdict =
      err instanceof CheckTimeout ? `The check ${message}; the host did not answer in time.` : `The check could not run: ${message}`;
    return done({ status: 'error', verdict, evidence: [{ label: 'error', value: message }], fixes: [] });
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

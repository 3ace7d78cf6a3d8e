// --revert-after DURATION: how long a security downgrade may stay before the host reverts it.
import { MAX_REVERT_MINUTES } from '../../shared/contract';
import { CliInputError } from './io';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "90s", "15m", "2h" -> ms; "never" -> null (kept until rolled back by hand). Anything else exits 2 naming the field. */
export function parseRevertAfter(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'never') return null;
  const m = /^([1-9][0-9]{0,5})(s|m|min|h)$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
  if (!m || ms > MAX_REVERT_MINUTES * 60_000) {
    throw new CliInputError(
      '--revert-after',
      `expected a duration such as 90s, 15m or 2h (at most ${MAX_REVERT_MINUTES / 60}h), or "never", got "${text.slice(0, 40)}"`,
    );
  }
  return ms;
}

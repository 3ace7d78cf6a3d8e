// What "rdp-doctor fix" says around the change: the plan's warnings before it is applied (the app shows the same
// plan), a confirmation when the change disconnects the session the command runs in, and a restart still needed.
import type { FixParams } from '../../shared/model';
import { previewFix } from '../engine/fixer';
import { endsOwnSession } from '../engine/ops/services';
import type { AnyCheck, CheckContext } from '../engine/types';
import { CliInputError, type CliIO } from './io';

/**
 * Reads the fix's plan and prints each warning (text mode) before anything changes; a fix that disconnects the
 * Remote Desktop session this command runs in needs --yes like an irreversible one. Returns the warnings (--json).
 */
export async function announceWarnings(
  check: AnyCheck,
  fixId: string,
  ctx: CheckContext,
  params: FixParams | undefined,
  flags: { yes?: boolean; json?: boolean },
  io: CliIO,
): Promise<string[]> {
  const { fix, plan } = await previewFix(check, fixId, ctx, params);
  if (endsOwnSession(plan.warnings) && !flags.yes)
    throw new CliInputError(
      '--yes',
      `${fix.title} disconnects the Remote Desktop session this command runs in. ${plan.warnings.map((w) => `Warning: ${w}`).join(' ')} Confirm it explicitly (--yes on the command line). Nothing was changed.`,
    );
  if (!flags.json) for (const w of plan.warnings) io.stdout(`Warning: ${w}\n`);
  return plan.warnings;
}

/** "Restart needed" for a fix that takes effect only after a restart, on this PC, a simulated or a remote host. */
export function restartNotice(check: AnyCheck, fixId: string, hostName: string): string | null {
  if (!check.fixes.find((f) => f.id === fixId)?.needsRestart) return null;
  const who = check.side === 'client' ? 'this PC' : hostName;
  return `Restart needed: this change takes effect after ${who} restarts (RDP Doctor does not restart it); until then the problem it fixes remains.\n`;
}

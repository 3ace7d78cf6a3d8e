// A check asked for on its own (a re-check, a partial run) must meet host.powershell like a whole diagnosis
// does: under ConstrainedLanguage or AllSigned it otherwise showed a raw PowerShell error instead of the
// pointer to what an administrator can do.
import type { Finding } from '../../shared/model';
import { runChecks, SCRIPT_GATE } from './runner';
import type { AnyCheck, CheckContext } from './types';

/** The selection with the gate in front when a host check in it runs a script and the gate is not already there. */
export function withScriptGate(selected: AnyCheck[], all: readonly AnyCheck[]): AnyCheck[] {
  const gate = all.find((c) => c.id === SCRIPT_GATE);
  if (!gate || selected.some((c) => c.id === SCRIPT_GATE) || !selected.some((c) => c.side === 'host' && c.scripts.length > 0))
    return selected;
  return [gate, ...selected];
}

/** One check, behind the gate when it runs scripts; both findings come back so the caller can keep the gate's. */
export async function evaluateBehindGate(
  check: AnyCheck,
  all: readonly AnyCheck[],
  ctx: CheckContext,
  runId: string,
): Promise<{ finding: Finding; gate: Finding | null }> {
  const checks = withScriptGate([check], all);
  const findings = await runChecks(checks, ctx, { runId });
  const finding = findings[checks.indexOf(check)]!;
  return { finding, gate: checks.length > 1 ? findings[0]! : null };
}

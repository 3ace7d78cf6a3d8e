// Which fix is the big button and how a blocked fix names what blocks it. Which fixes must be confirmed is the
// engine's rule, carried by the plan (FixDialogState.needsConfirmation).
import type { Finding, FixInfo } from '../../../shared/model';

/**
 * The lasting fix is the primary action: a security downgrade is never the big button, and a fix that drops
 * sessions only when nothing gentler exists. Null when every fix lowers security.
 */
export function primaryFix(finding: Finding): FixInfo | null {
  const lasting = finding.fixes.filter((f) => !f.lowersSecurity);
  const usable = lasting.filter((f) => !f.disabledReason);
  return usable.find((f) => !f.dropsSessions) ?? usable[0] ?? lasting[0] ?? null;
}

/** The other fixes of a finding, lasting ones first, downgrades last. */
export function secondaryFixes(finding: Finding): FixInfo[] {
  const primary = primaryFix(finding);
  return finding.fixes.filter((f) => f !== primary).sort((a, b) => Number(a.lowersSecurity) - Number(b.lowersSecurity));
}

const CHECK_ID = /\b(?:host|client)\.[a-z0-9-]+\b/g;

/** Replaces check ids in engine text by the checks' titles ("Repair ... first" instead of "host.machinekeys"). */
export function withCheckTitles(text: string, findings: readonly Finding[]): string {
  return text.replace(CHECK_ID, (id) => {
    const f = findings.find((x) => x.id === id);
    return f ? `“${f.title}”` : id;
  });
}

// Human-readable output of findings and causes. Status is shown by word and symbol, never colour alone.
import type { Cause, Finding, JournalEntry, Status } from '../../shared/model';

export const STATUS_LABEL: Record<Status, string> = {
  pass: '✔ PASS ',
  warn: '⚠ WARN ',
  fail: '✖ FAIL ',
  skipped: '– SKIP ',
  error: '! ERROR',
};

export function formatFindings(findings: Finding[]): string {
  const out: string[] = [];
  for (const side of ['client', 'host'] as const) {
    const group = findings.filter((f) => f.side === side);
    if (group.length === 0) continue;
    out.push(side === 'client' ? 'Client (this PC, connecting)' : 'Host (the PC being reached)');
    for (const f of group) {
      out.push(`  ${STATUS_LABEL[f.status]} ${f.id.padEnd(26)} ${f.verdict}`);
      if (f.policy) out.push(`           set by policy: ${f.policy}`);
      for (const fix of f.fixes) {
        const flags = [
          fix.reversible ? 'reversible' : 'IRREVERSIBLE',
          fix.lowersSecurity ? 'LOWERS SECURITY' : '',
          fix.needsAdmin ? 'needs admin' : '',
        ]
          .filter(Boolean)
          .join(', ');
        out.push(`           fix: ${fix.id} — ${fix.title} (${flags})${fix.disabledReason ? ` — unavailable: ${fix.disabledReason}` : ''}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

export function formatCauses(causes: Cause[]): string {
  if (causes.length === 0) return 'Likely causes: none found.\n';
  const lines = ['Likely causes, most likely first:'];
  causes.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.title} (confidence ${Math.round(c.confidence * 100)}%)`);
    if (c.fix) lines.push(`     try first: rdp-doctor fix ${c.fix.replace('/', ' --fix ')}`);
  });
  return lines.join('\n') + '\n';
}

export function countStatuses(findings: Finding[]): string {
  const n = (s: Status) => findings.filter((f) => f.status === s).length;
  return `${n('fail')} failed, ${n('warn')} warnings, ${n('pass')} passed, ${n('skipped')} skipped, ${n('error')} errors`;
}

export function formatEntry(e: JournalEntry): string {
  const lines = [
    `${e.id}  ${e.state.padEnd(11)} ${e.checkId} / ${e.fixId}: ${e.title}${e.lowersSecurity && e.state === 'applied' ? '  [OPEN RISK: lowers security]' : ''}`,
  ];
  for (const c of e.changes) lines.push(`    ${c.what}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
  if (e.state === 'rolled-back' && e.rolledBackBy === 'scheduled-task')
    lines.push(`    reverted by the host's scheduled task at ${e.rolledBackAt}`);
  else if (e.revertAt && e.state !== 'rolled-back') lines.push(`    the host reverts it at ${e.revertAt} (scheduled task)`);
  else if (e.lowersSecurity && e.state === 'applied') lines.push('    no automatic revert: it stays until you roll it back');
  if (e.error) lines.push(`    error: ${e.error}`);
  return lines.join('\n');
}

export function problemsFound(findings: Finding[]): boolean {
  return findings.some((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error');
}

// Human-readable output of findings and causes. Status is shown by word and symbol, never colour alone.
import { outcome, PATH_STEPS } from '../../shared/fix-order';
import type { Cause, Finding, FixInfo, JournalEntry, Status } from '../../shared/model';

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

const stepTitle = (id: string) => PATH_STEPS.find((s) => s.id === id)?.title ?? id;

function likelihood(c: number): string {
  if (c >= 0.75) return 'likely';
  if (c >= 0.4) return 'possible';
  return 'unlikely';
}

/** The lasting fix first, as the app's big button: a security downgrade is never what to try first. */
function lastingFix(f: Finding): FixInfo | null {
  const lasting = f.fixes.filter((x) => !x.lowersSecurity);
  const usable = lasting.filter((x) => !x.disabledReason);
  return usable.find((x) => !x.dropsSessions) ?? usable[0] ?? lasting[0] ?? null;
}

/** A command to run, or why it cannot run now: never a command the fixer will refuse (not elevated, blocked). */
function fixLine(f: Finding, fix: FixInfo): string {
  if (fix.disabledReason) return `${fix.title}: unavailable now: ${fix.disabledReason}`;
  return `rdp-doctor fix ${f.id} --fix ${fix.id} (${fix.title})`;
}

/**
 * The problems in the order to fix them and the conclusion, as the app's card and the report say them: a failed
 * check is found (a fact, no percentage); a likelihood only tells two or more possible causes apart.
 */
export function formatProblems(findings: Finding[], causes: Cause[], journal: readonly JournalEntry[], hostName?: string): string {
  const o = outcome(findings, findings, journal, hostName);
  const possible = o.open.filter((p) => !p.proven);
  const lines = [o.headline];
  if (o.open.length > 1) lines.push('Fix them in this order (a later problem may only be a consequence of an earlier one):');
  o.open.forEach((p, i) => {
    const f = p.finding;
    const confidence = possible.length > 1 && !p.proven ? causes.find((c) => c.checkId === f.id)?.confidence : undefined;
    const tag = p.proven ? 'found' : f.status === 'error' ? 'could not check' : 'possible cause';
    lines.push(`  ${i + 1}. ${f.title} [${stepTitle(p.step)}; ${tag}${confidence !== undefined ? `, ${likelihood(confidence)}` : ''}]`);
    lines.push(`     ${f.verdict}`);
    if (p.symptoms.length) lines.push(`     also explains: ${p.symptoms.map((s) => s.title).join('; ')}`);
    const fix = lastingFix(f);
    if (fix) lines.push(`     fix: ${fixLine(f, fix)}`);
    for (const w of f.fixes.filter((x) => x.lowersSecurity)) lines.push(`     workaround only, lowers security: ${fixLine(f, w)}`);
  });
  lines.push(`Next: ${o.next}`);
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
  if (e.params && Object.keys(e.params).length)
    lines.push(
      `    chosen: ${Object.entries(e.params)
        .map(([k, v]) => `--${k} ${String(v)}`)
        .join(' ')}`,
    );
  for (const c of e.changes) lines.push(`    ${c.what}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
  if (e.state === 'rolled-back' && e.rolledBackBy === 'scheduled-task')
    lines.push(`    reverted by the host's scheduled task at ${e.rolledBackAt}`);
  else if (e.revertMissed)
    lines.push(`    the automatic revert did not run (due ${e.revertAt}): roll it back now (rdp-doctor rollback ${e.id})`);
  else if (e.revertAt && e.state !== 'rolled-back') lines.push(`    the host reverts it at ${e.revertAt} (scheduled task)`);
  else if (e.lowersSecurity && e.state === 'applied') lines.push('    no automatic revert: it stays until you roll it back');
  if (e.error) lines.push(`    error: ${e.error}`);
  return lines.join('\n');
}

export function problemsFound(findings: Finding[]): boolean {
  return findings.some((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error');
}

// "Copy summary": a short plain-text summary a technician pastes into a ticket. Plain ASCII-friendly lines,
// status words first (icons are a bonus some ticket systems mangle), no more than a screen long.
import { hostHeadline, reachLine } from '../../shared/host-reach';
import type { Status } from '../../shared/model';
import type { Report } from '../../shared/report';
import { STATUS_LABEL, VERDICT_LABEL, formatDuration, formatTime, jsonText } from './format';

const MAX_CAUSES = 5;
const MAX_EVIDENCE = 2;

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function renderText(report: Report): string {
  const { header: h, summary: s } = report;
  const lines: string[] = [];
  lines.push(`RDP Doctor report - ${VERDICT_LABEL[s.verdict].word.toUpperCase()}`);
  lines.push(
    `Target: ${h.target ?? '(none)'}   Host: ${hostHeadline(h.host)} (${h.host.os} ${h.host.build})${h.host.kind === 'simulated' ? ` [simulated: ${h.host.scenario ?? 'custom'}]` : ''}`,
  );
  lines.push(`Client: ${h.client.computerName} (${h.client.os} ${h.client.build})`);
  lines.push(`Reached: ${reachLine(h.host)}`);
  lines.push(
    `Run ${h.runId} at ${formatTime(h.startedAt)}, ${formatDuration(h.durationMs)}; by ${h.ranBy}${h.elevated ? ' (elevated)' : ' (not elevated)'}; RDP Doctor ${h.appVersion}`,
  );
  lines.push('');
  if (report.outcome) {
    lines.push(`CONCLUSION: ${oneLine(report.outcome.headline, 400)}`);
    lines.push(`Next: ${oneLine(report.outcome.next, 400)}`);
  }
  lines.push(oneLine(s.headline, 400));
  const counts = (Object.keys(STATUS_LABEL) as Status[])
    .filter((k) => s.counts[k] > 0)
    .map((k) => `${s.counts[k]} ${STATUS_LABEL[k].word.toLowerCase()}`);
  lines.push(`Checks: ${counts.join(', ') || 'none ran'}`);

  if (report.openRisks.length > 0) {
    lines.push('');
    lines.push(`OPEN RISKS (security downgrades still in place): ${report.openRisks.length}`);
    for (const r of report.openRisks) {
      const values = r.changes.map((c) => `${c.what}: ${jsonText(c.before)} -> ${jsonText(c.after)}`).join('; ');
      lines.push(`  ! ${oneLine(r.title)} [${r.entryId}]${values ? ` - ${oneLine(values)}` : ''}`);
      lines.push(`    ${oneLine(r.howToRevert)}`);
    }
  }

  const o = report.outcome;
  if (o && (o.found.length > 0 || o.open.length > 0)) {
    lines.push('');
    lines.push('Problems, in the order to fix them:');
    const foundIds = new Set(o.found.map((p) => p.checkId));
    [...o.found, ...o.open.filter((p) => !foundIds.has(p.checkId))].slice(0, MAX_CAUSES).forEach((p, i) => {
      const fixed = p.nowStatus === 'pass';
      lines.push(`  ${i + 1}. [${fixed ? 'FIXED' : 'OPEN'}] ${oneLine(p.found)} (${p.stepTitle})`);
      if (fixed && p.now) lines.push(`     Now: ${oneLine(p.now)}`);
      else if (p.fixTitle) lines.push(`     Fix: ${oneLine(p.fixTitle)}`);
    });
  }

  const notPassing = report.findings.filter((f) => f.status !== 'pass');
  if (notPassing.length > 0) {
    lines.push('');
    lines.push('Checks not passing:');
    for (const f of notPassing) lines.push(`  [${STATUS_LABEL[f.status].word.toUpperCase()}] ${f.id}: ${oneLine(f.verdict)}`);
  }

  if (report.changes.length > 0) {
    lines.push('');
    lines.push('Changes made:');
    for (const c of report.changes) {
      const when = c.rolledBackAt
        ? `rolled back ${formatTime(c.rolledBackAt)}`
        : c.appliedAt
          ? `applied ${formatTime(c.appliedAt)}`
          : c.state;
      lines.push(
        `  - ${oneLine(c.title)} (${c.checkId}/${c.fixId}): ${c.state}, ${when}; ${c.reversible ? 'reversible' : 'irreversible'}${c.lowersSecurity ? ', lowers security' : ''}`,
      );
      for (const v of c.changes.slice(0, MAX_EVIDENCE + 1))
        lines.push(`     ${oneLine(`${v.what}: ${jsonText(v.before)} -> ${jsonText(v.after)}`)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

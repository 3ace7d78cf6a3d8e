// Page 1 of the report: the conclusion, the problems in the order to fix them (found → now), what was changed
// (before → after) and the open risks. A technician attaches the report for this page; the rest is evidence.
import { entryHostLine } from '../../shared/host-reach';
import type { Change } from '../../shared/model';
import type { OutcomeProblem, Report, ReportChange, ReportOutcome } from '../../shared/report';
import { STATUS_LABEL, VERDICT_LABEL, formatTime, jsonText } from './format';
import { type SafeHtml, html } from './html';

const CONCLUSION_WORDS: Record<ReportOutcome['conclusion'], { word: string; cls: string; icon: string }> = {
  'not-checked': { word: 'Nothing checked', cls: 's-skipped', icon: '–' },
  'no-problem': { word: 'No problem found', cls: 's-pass', icon: '✔' },
  problems: { word: 'Problems found', cls: 's-fail', icon: '✖' },
  fixed: { word: 'Fixed', cls: 's-pass', icon: '✔' },
  'needs-follow-up': { word: 'Needs follow-up', cls: 's-warn', icon: '⚠' },
  'not-fixed': { word: 'Not fixed', cls: 's-fail', icon: '✖' },
};

const STATE_WORD: Record<ReportChange['state'], string> = {
  pending: 'Interrupted',
  applied: 'Applied',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

export function conclusionBox(report: Report, outcome: ReportOutcome): SafeHtml {
  const c = CONCLUSION_WORDS[outcome.conclusion];
  return html`<div class="verdict ${c.cls}" data-conclusion="${outcome.conclusion}">
    <span class="big" aria-hidden="true">${c.icon}</span>
    <div>
      <div class="word">Conclusion: ${c.word}</div>
      <p>${outcome.headline} <strong>What next:</strong> ${outcome.next}</p>
      <p class="small muted">Overall: ${VERDICT_LABEL[report.summary.verdict].word} · ${report.summary.headline}</p>
    </div>
  </div>`;
}

function problemItem(p: OutcomeProblem): SafeHtml {
  const now = p.nowStatus ? STATUS_LABEL[p.nowStatus] : null;
  const fixed = p.nowStatus === 'pass';
  return html`<li class="problem ${fixed ? 'fixed' : 'open'}">
    <div class="small muted">${p.stepTitle} · ${p.checkTitle} · ${p.proven ? 'found (a fact, not a guess)' : 'possible cause'}</div>
    <div>${fixed ? html`<span class="small muted">Was:</span> ` : ''}${p.found}</div>
    ${
      fixed && p.now
        ? p.workaround
          ? html`<div>
              <span class="status s-warn"><span class="icon" aria-hidden="true">⚠</span>Worked around, security lowered</span> ${p.now}
            </div>`
          : html`<div>
              <span class="status s-pass"><span class="icon" aria-hidden="true">✔</span>Now</span> ${p.now}
            </div>`
        : ''
    }
    ${!fixed && now && p.now && p.now !== p.found ? html`<div><span class="small muted">Now (${now.word}):</span> ${p.now}</div>` : ''}
    ${!fixed && p.fixTitle ? html`<div class="fixline"><strong>Fix:</strong> ${p.fixTitle}</div>` : ''}
  </li>`;
}

/** What was found first, in fix order, each with what it reads now; then what is still open. */
export function problemsSection(outcome: ReportOutcome): SafeHtml {
  const foundIds = new Set(outcome.found.map((p) => p.checkId));
  const newlyOpen = outcome.open.filter((p) => !foundIds.has(p.checkId));
  if (outcome.conclusion === 'not-checked') return html`<p class="muted">No check has run, so nothing is known about the problems.</p>`;
  if (outcome.found.length === 0 && newlyOpen.length === 0) return html`<p class="muted">No problem was found.</p>`;
  return html`<h3>Problems, in the order to fix them</h3>
    <ol class="problems">
      ${outcome.found.map(problemItem)}${newlyOpen.map(problemItem)}
    </ol>`;
}

function changeLine(c: Change): SafeHtml {
  return html`<li>
    <span class="wrap-word">${c.what}</span>: <span class="mono keep">${jsonText(c.before)}</span> →
    <span class="mono keep">${jsonText(c.after)}</span>
  </li>`;
}

/** Every change, one block each: title, state and time, then each value before → after on its own line. */
export function changedSection(changes: ReportChange[]): SafeHtml {
  if (changes.length === 0)
    return html`<h3>What was changed</h3>
      <p>Nothing: the app only read the state of both machines.</p>`;
  return html`<h3>What was changed</h3>
    <ul class="changed">
      ${changes.map(
        (c) =>
          html`<li>
            <strong>${c.title}</strong>
            <span class="tag">${STATE_WORD[c.state]}</span
            >${c.reversible ? '' : html` <span class="tag danger">cannot be undone</span>`}${c.lowersSecurity ? html` <span class="tag danger">lowers security</span>` : ''}
            <span class="small muted"
              >${c.appliedAt ? `applied ${formatTime(c.appliedAt)}` : `recorded ${formatTime(c.createdAt)}`}${c.rolledBackAt ? `, rolled back ${formatTime(c.rolledBackAt)}` : ''}
              · on ${entryHostLine(c.host)} · entry ${c.entryId}</span
            >
            <ul class="values">
              ${c.changes.map(changeLine)}
            </ul>
            ${c.error ? html`<div class="fixline"><strong>Error:</strong> ${c.error}</div>` : ''}
          </li>`,
      )}
    </ul>`;
}

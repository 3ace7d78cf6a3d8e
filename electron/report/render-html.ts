// Report → one standalone HTML document: no scripts, no external resources, every value escaped. The same
// markup is printed to PDF by the CLI (playwright-core) and by the app (printToPDF), and saved as .html.
import type { EvidenceItem, Finding, Status } from '../../shared/model';
import type { OpenRisk, Report, ReportChange, ReportProbe } from '../../shared/report';
import { STATUS_LABEL, VERDICT_LABEL, formatDuration, formatTime, hexDump, jsonText } from './format';
import { type SafeHtml, html, join } from './html';
import { REPORT_CSS } from './styles';
import { changedSection, conclusionBox, problemsSection } from './render-conclusion';
import { hostHeadline, reachLine } from '../../shared/host-reach';

const STATUS_CLASS: Record<Status, string> = { pass: 's-pass', warn: 's-warn', fail: 's-fail', skipped: 's-skipped', error: 's-error' };
const VERDICT_CLASS = { healthy: 's-pass', warnings: 's-warn', problems: 's-fail', incomplete: 's-error' } as const;
const STATE_WORDS = {
  pending: { icon: '⚠', word: 'Interrupted', cls: 's-warn' },
  applied: { icon: '✔', word: 'Applied', cls: 's-pass' },
  failed: { icon: '✖', word: 'Failed', cls: 's-fail' },
  'rolled-back': { icon: '↶', word: 'Rolled back', cls: 's-skipped' },
} as const;

function statusBadge(status: Status): SafeHtml {
  const { icon, word } = STATUS_LABEL[status];
  return html`<span class="status ${STATUS_CLASS[status]}"><span class="icon" aria-hidden="true">${icon}</span>${word}</span>`;
}

function stateBadge(state: ReportChange['state']): SafeHtml {
  const { icon, word, cls } = STATE_WORDS[state];
  return html`<span class="status ${cls}"><span class="icon" aria-hidden="true">${icon}</span>${word}</span>`;
}

function yesNo(value: boolean, yes = 'Yes', no = 'No'): string {
  return value ? `${yes}` : `${no}`;
}

function header(report: Report): SafeHtml {
  const h = report.header;
  const simulated = h.host.kind === 'simulated';
  return html`<header class="masthead">
    <div class="brand">RDP Doctor</div>
    <h1>Remote Desktop diagnosis report</h1>
    <p class="subtitle">
      ${h.target ? html`Target <strong class="wrap">${h.target}</strong>` : html`Host <strong class="wrap">${hostHeadline(h.host)}</strong> <span class="muted">(host side only: no target was probed)</span>`}
    </p>
    <dl class="meta">
      <div>
        <dt>Run at</dt>
        <dd>${formatTime(h.startedAt)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>${formatDuration(h.durationMs)}${h.cancelled ? ' (cancelled)' : ''}</dd>
      </div>
      <div>
        <dt>Ran by</dt>
        <dd>${h.ranBy}</dd>
      </div>
      <div>
        <dt>Elevated</dt>
        <dd>${yesNo(h.elevated, 'Yes (administrator)', 'No: fixes that need administrator rights were not available')}</dd>
      </div>
      <div class="wide">
        <dt>Client</dt>
        <dd class="wrap">${h.client.computerName} · ${h.client.os} · ${h.client.build}</dd>
      </div>
      <div class="wide">
        <dt>Host</dt>
        <dd class="wrap">${h.host.computerName} · ${h.host.os} · ${h.host.build}</dd>
      </div>
      <div class="wide">
        <dt>Reached</dt>
        <dd class="wrap">${reachLine(h.host)}</dd>
      </div>
      <div class="wide">
        <dt>Run id</dt>
        <dd class="mono">${h.runId}</dd>
      </div>
      <div class="wide">
        <dt>App version</dt>
        <dd>RDP Doctor ${h.appVersion}</dd>
      </div>
    </dl>
    ${h.host.remote?.via === 'simulated-winrm' ? html`<p class="simulated"><strong>Simulated host.</strong> ${h.host.remote.name} is a simulated Windows PC behind a simulated PowerShell Remoting link; its values come from the simulator, not from a real machine.</p>` : ''}
    ${simulated ? html`<p class="simulated"><strong>Simulated host.</strong> Scenario <code>${h.host.scenario ?? 'custom'}</code>${h.host.scenarioSummary ? html`: ${h.host.scenarioSummary.replace(/[.\s]+$/, '')}` : ''}. Host values come from the simulator, not from a real Windows machine.</p>` : ''}
    ${h.host.inRdpSession ? html`<p class="simulated"><strong>Note:</strong> the app ran inside an RDP session; restarting TermService would have dropped it.</p>` : ''}
  </header>`;
}

function openRisks(risks: OpenRisk[]): SafeHtml {
  if (risks.length === 0) {
    return html`<section class="risks none" aria-labelledby="risks-h">
      <h3 id="risks-h"><span aria-hidden="true">✔ </span>Open risks: none</h3>
      <p>No security downgrade made by this app is still in place.</p>
    </section>`;
  }
  return html`<section class="risks" aria-labelledby="risks-h">
    <h3 id="risks-h">
      <span aria-hidden="true">⚠ </span>Open risks: ${risks.length} security ${risks.length === 1 ? 'downgrade is' : 'downgrades are'} still
      in place
    </h3>
    <p class="small">
      This app lowered the security of the host for a test and it has not been reverted: revert it once the test connection is done.
    </p>
    ${risks.map(
      (r) =>
        html`<div class="risk">
          <p>
            <strong>${r.title}</strong> <span class="small mono">${r.checkId} / ${r.fixId}</span> · applied
            ${formatTime(r.appliedAt)}${r.certainty === 'possibly-in-place' ? html` <span class="tag danger">interrupted: may be in place</span>` : ''}
          </p>
          <p class="small"><strong>To revert:</strong> ${r.howToRevert} The values are under “What was changed”.</p>
        </div>`,
    )}
  </section>`;
}

function summary(report: Report): SafeHtml {
  const s = report.summary;
  const counts = (Object.keys(STATUS_LABEL) as Status[]).filter((k) => s.counts[k] > 0);
  const outcome = report.outcome;
  return html`<section aria-labelledby="summary-h">
    <h2 id="summary-h">Conclusion</h2>
    ${
      outcome
        ? conclusionBox(report, outcome)
        : html`<div class="verdict ${VERDICT_CLASS[s.verdict]}">
            <div>
              <div class="word">Overall: ${VERDICT_LABEL[s.verdict].word}</div>
              <p>${s.headline}</p>
            </div>
          </div>`
    }
    <ul class="counts" aria-label="Checks by status">
      ${counts.map((k) => html`<li>${statusBadge(k)} <span>${s.counts[k]}</span></li>`)}
    </ul>
    ${outcome ? problemsSection(outcome) : ''} ${report.openRisks.length ? openRisks(report.openRisks) : ''}
    ${changedSection(report.changes)} ${report.openRisks.length ? '' : openRisks(report.openRisks)}
  </section>`;
}

function evidenceList(items: EvidenceItem[]): SafeHtml {
  if (items.length === 0) return html`<span class="muted">—</span>`;
  return html`<dl class="ev">
    ${items.map(
      (e) =>
        html`<div>
          <dt>${e.label}</dt>
          <dd><span class="mono">${jsonText(e.value)}</span>${e.source ? html`<span class="src">${e.source}</span>` : ''}</dd>
        </div>`,
    )}
  </dl>`;
}

function findingRow(f: Finding): SafeHtml {
  const fixes = f.status === 'pass' ? [] : f.fixes;
  return html`<tr>
    <td>${statusBadge(f.status)}</td>
    <td><strong>${f.title}</strong><br /><span class="small muted mono">${f.id}</span><br /><span class="small muted">${f.layer}</span></td>
    <td class="wrap">
      ${f.verdict}${f.policy ? html`<div class="fixline"><strong>Set by policy:</strong> ${f.policy}</div>` : ''}${fixes.map(
        (x) =>
          html`<div class="fixline">
            <strong>Fix:</strong> ${x.title}
            ${x.reversible ? html`<span class="tag">reversible</span>` : html`<span class="tag danger">irreversible</span>`}${x.lowersSecurity ? html`<span class="tag danger">lowers security</span>` : ''}${x.needsAdmin ? html`<span class="tag">needs admin</span>` : ''}
          </div>`,
      )}${f.related.length ? html`<div class="fixline muted">See also: ${f.related.join(', ')}</div>` : ''}
    </td>
    <td>${evidenceList(f.evidence)}</td>
    <td class="num">${formatDuration(f.durationMs)}</td>
  </tr>`;
}

/** Passed and skipped checks as a compact list: what they confirm, without their evidence (the JSON export keeps it). */
function passedList(passed: Finding[]): SafeHtml {
  return html`<p class="small muted">Passed or not run (${passed.length}):</p>
    <ul class="passed">
      ${passed.map(
        (f) =>
          html`<li>${statusBadge(f.status)} <strong>${f.title}</strong> <span class="small muted mono">${f.id}</span> · ${f.verdict}</li>`,
      )}
    </ul>`;
}

interface Column {
  head: string;
  /** Percent of the table's width: fixed, so a long value wraps in its cell instead of squeezing the others. */
  width: number;
  num?: boolean;
}

const CHECK_COLUMNS: Column[] = [
  { head: 'Status', width: 12 },
  { head: 'Check', width: 19 },
  { head: 'Verdict', width: 30 },
  { head: 'Evidence', width: 31 },
  { head: 'Time', width: 8, num: true },
];

const CHANGE_COLUMNS: Column[] = [
  { head: 'Change', width: 23 },
  { head: 'When', width: 19 },
  { head: 'Values', width: 37 },
  { head: 'Reversible', width: 9 },
  { head: 'State', width: 12 },
];

function columnTable(cls: string, columns: Column[], rows: SafeHtml[]): SafeHtml {
  return html`<table class="${cls}">
    <colgroup>
      ${columns.map((c) => html`<col style="width:${c.width}%" />`)}
    </colgroup>
    <thead>
      <tr>
        ${columns.map((c) => (c.num ? html`<th scope="col" class="num">${c.head}</th>` : html`<th scope="col">${c.head}</th>`))}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function findings(report: Report): SafeHtml {
  const sides = [
    { side: 'client', title: 'Client side (the PC running Remote Desktop Connection)' },
    { side: 'host', title: 'Host side (the PC being connected to)' },
  ] as const;
  return html`<section aria-labelledby="checks-h">
    <h2 id="checks-h">Every check</h2>
    ${report.findings.length === 0 ? html`<p class="muted">No check ran.</p>` : ''}
    ${sides.map(({ side, title }) => {
      const rows = report.findings.filter((f) => f.side === side);
      if (rows.length === 0) return '';
      const notPassing = rows.filter((f) => f.status !== 'pass' && f.status !== 'skipped');
      const passed = rows.filter((f) => f.status === 'pass' || f.status === 'skipped');
      return html`<h3>${title}</h3>
        ${notPassing.length ? columnTable('checks', CHECK_COLUMNS, notPassing.map(findingRow)) : ''}
        ${passed.length ? passedList(passed) : ''}`;
    })}
  </section>`;
}

/** "Label" then the time on its own line, date and clock kept together so narrow cells do not split them. */
function when(label: string, iso: string): SafeHtml {
  const [date, clock, zone] = formatTime(iso).split(' ');
  return html`<div class="when">${label}<br /><span class="nowrap">${date} ${clock ?? ''}</span> ${zone ?? ''}</div>`;
}

/** One change of the session: what, when, how many values, whether it can be undone and where it stands. */
function changeRow(c: ReportChange): SafeHtml {
  return html`<tr>
    <td>
      <strong>${c.title}</strong><br /><span class="small muted mono">${c.checkId} / ${c.fixId}</span><br /><span class="small muted mono"
        >entry ${c.entryId}</span
      >${c.lowersSecurity ? html`<br /><span class="tag danger">lowers security</span>` : ''}
    </td>
    <td class="small">
      ${when('Recorded', c.createdAt)}${c.appliedAt ? when('Applied', c.appliedAt) : ''}${c.rolledBackAt ? when('Rolled back', c.rolledBackAt) : ''}
    </td>
    <td>
      ${c.changes.length} ${c.changes.length === 1 ? 'value' : 'values'}, before → after on page
      1${c.error ? html`<div class="fixline"><strong>Error:</strong> ${c.error}</div>` : ''}
    </td>
    <td>${c.reversible ? 'Yes' : html`<strong>No</strong>`}</td>
    <td>
      ${stateBadge(c.state)}
      <div class="small">${c.rolledBack ? 'Rolled back' : 'Not rolled back'}</div>
    </td>
  </tr>`;
}

function changes(report: Report): SafeHtml {
  return html`<section aria-labelledby="changes-h">
    <h2 id="changes-h">Changes made in this session</h2>
    ${
      report.changes.length === 0
        ? html`<p>No change was made: the app only read the state of both machines.</p>`
        : columnTable('changes', CHANGE_COLUMNS, report.changes.map(changeRow))
    }
  </section>`;
}

function probeSection(probe: ReportProbe | null): SafeHtml {
  if (!probe) {
    return html`<section aria-labelledby="probe-h">
      <h2 id="probe-h">Client probe</h2>
      <p class="muted">The handshake probe did not run (no target was given).</p>
    </section>`;
  }
  return html`<section aria-labelledby="probe-h">
    <h2 id="probe-h">Client probe: ${probe.host} port ${probe.port}</h2>
    <p class="small muted">
      Started ${formatTime(probe.startedAt)}, took ${formatDuration(probe.durationMs)}. Raw bytes are in the appendix.
    </p>
    ${probe.layers.map(
      (l) =>
        html`<div class="layer">
          <h3>${l.status ? statusBadge(l.status) : ''} Layer: ${l.name}</h3>
          ${
            l.texts.length
              ? html`<ul class="evidence">
                  ${l.texts.map((t) => html`<li class="wrap">${t}</li>`)}
                </ul>`
              : ''
          }
          ${
            l.rows.length
              ? html`<table class="kv">
                  <thead>
                    <tr>
                      <th scope="col" style="width:38%">Field</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${l.rows.map(
                      (r) =>
                        html`<tr>
                          <td class="wrap">${r.label}</td>
                          <td class="wrap mono">${r.value}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : ''
          }
        </div>`,
    )}
  </section>`;
}

function appendix(probe: ReportProbe | null): SafeHtml {
  const raw = probe?.raw ?? [];
  return html`<section aria-labelledby="appendix-h">
    <h2 id="appendix-h">Appendix: raw negotiation bytes</h2>
    ${
      raw.length === 0
        ? html`<p class="muted">No raw bytes were recorded.</p>`
        : html`<p class="small">
              Hexadecimal, 16 octets a line, offset first. TPKT header <code>03 00 LL LL</code>, then X.224 and RDP_NEG_REQ / RDP_NEG_RSP /
              RDP_NEG_FAILURE (MS-RDPBCGR 2.2.1.1, 2.2.1.2).
            </p>
            ${raw.map(
              (r) =>
                html`<h3 class="wrap">
                    ${r.label}
                    <span class="muted small"
                      >(${r.totalLength > r.length ? `first ${r.length} of ${r.totalLength}` : r.length} bytes)</span
                    >
                  </h3>
                  <pre class="hex mono">${hexDump(r.hex).join('\n')}</pre>`,
            )}`
    }
  </section>`;
}

export function renderHtml(report: Report): string {
  const h = report.header;
  const title = `RDP Doctor report: ${h.target ?? h.host.computerName} (${formatTime(h.startedAt)})`;
  const body = join([
    header(report),
    html`<main></main>`,
    summary(report),
    findings(report),
    changes(report),
    probeSection(report.probe),
    appendix(report.probe),
    html`</main>`,
    html`<footer class="end small muted">
      <p>Generated ${formatTime(h.generatedAt)} by RDP Doctor ${h.appVersion} · run ${h.runId} · report schema ${report.schemaVersion}</p>
    </footer>`,
  ]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${html`${title}`.html}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.html}
</body>
</html>
`;
}

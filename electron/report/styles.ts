// The report's stylesheet. A report is a file handed to other people, so it carries its own CSS and no
// external resources. Colours are decoration only: every status also has its word and icon.
import { PDF_MARGINS_MM } from './pdf-options';

const m = PDF_MARGINS_MM;

export const REPORT_CSS = `
@page { size: A4; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; }
:root {
  --ink: #1b1f24; --muted: #4a5360; --line: #c9d0d8; --soft: #f3f5f7; --accent: #0b4f8a;
  --pass: #17602d; --pass-bg: #e6f4ea; --warn: #7a4d00; --warn-bg: #fff3d6;
  --fail: #a1141b; --fail-bg: #fde8e8; --error: #5e2a82; --error-bg: #f1e8f8;
  --skipped: #4a5360; --skipped-bg: #eef0f2;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; max-width: 1000px; padding: 24px; color: var(--ink); background: #fff;
  font: 9.5pt/1.4 "Segoe UI", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
}
@media print { body { max-width: none; padding: 0; } }
h1, h2, h3 { line-height: 1.2; margin: 0; }
h1 { font-size: 15pt; }
h2 { font-size: 13pt; margin: 18px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 6px; break-after: avoid; }
p { margin: 4px 0; }
code, .mono { font-family: "Cascadia Mono", Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; }
.wrap, .wrap-word { overflow-wrap: break-word; word-break: normal; }
/* Thumbprints and values break only where they must, never inside a short word ("Runnin g"). */
.keep { overflow-wrap: break-word; word-break: normal; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.when { margin-bottom: 3px; }
.small { font-size: 8.5pt; }

.masthead { padding-bottom: 4px; }
.brand { font-size: 9pt; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); }
.subtitle { font-size: 11pt; margin-top: 2px; }
.meta { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2px 14px; margin: 6px 0 2px; }
.meta .wide { grid-column: span 2; }
.meta div { min-width: 0; }
.meta dt { font-size: 8pt; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: break-word; }
.simulated { margin-top: 10px; padding: 6px 10px; border: 1px dashed var(--muted); background: var(--soft); }

table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); font-size: 8.5pt; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.machines { margin-top: 2px; }
.machines caption { text-align: left; font-size: 8pt; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; padding-bottom: 2px; }
.machines th, .machines td { padding: 3px 6px; }
.machines th[scope=row] { width: 16%; }

.status { display: inline-block; white-space: nowrap; font-weight: 700; padding: 1px 6px; border-radius: 3px; border: 1px solid currentColor; }
.status .icon { margin-right: 3px; }
.s-pass { color: var(--pass); background: var(--pass-bg); }
.s-warn { color: var(--warn); background: var(--warn-bg); }
.s-fail { color: var(--fail); background: var(--fail-bg); }
.s-error { color: var(--error); background: var(--error-bg); }
.s-skipped { color: var(--skipped); background: var(--skipped-bg); }

.verdict { display: flex; gap: 14px; align-items: center; padding: 6px 14px; border-radius: 6px; border: 2px solid currentColor; margin: 8px 0 10px; break-inside: avoid; }
.verdict .big { font-size: 26pt; line-height: 1; }
.verdict .word { font-size: 15pt; font-weight: 700; }
.verdict p { color: var(--ink); font-size: 10.5pt; }
.counts { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 6px; padding: 0; list-style: none; }

.risks { border: 2px solid var(--fail); border-left-width: 8px; background: var(--fail-bg); padding: 6px 12px; border-radius: 4px; margin: 8px 0; }
.risks h3 { color: var(--fail); margin-top: 2px; }
.risks .risk { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 6px 0 2px; }
.risks .risk table { margin: 4px 0; }
.risks.none { border-color: var(--pass); background: var(--pass-bg); }
.risks.none h3 { color: var(--pass); }

.causes { counter-reset: none; }
.rank { font-size: 14pt; font-weight: 700; color: var(--accent); text-align: center; width: 34px; }
.conf { display: block; margin-top: 3px; height: 5px; background: var(--line); border-radius: 3px; overflow: hidden; }
.conf span { display: block; height: 100%; background: var(--accent); }
ul.evidence { margin: 2px 0 0; padding-left: 16px; }
ul.evidence li { margin: 1px 0; }
dl.ev { margin: 0; }
dl.ev > div { margin: 0 0 3px; break-inside: avoid; }
dl.ev dt { color: var(--muted); font-size: 8pt; overflow-wrap: break-word; }
dl.ev dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
dl.ev .src { display: block; color: var(--muted); font-size: 7.5pt; }
.fixline { margin-top: 4px; font-size: 8.5pt; }
.tag { display: inline-block; font-size: 7.5pt; font-weight: 700; padding: 0 4px; border: 1px solid var(--line); border-radius: 3px; margin-right: 3px; white-space: nowrap; }
.tag.danger { color: var(--fail); border-color: var(--fail); }
table.kv { margin: 0; font-size: 8.5pt; }
table.kv th, table.kv td { padding: 2px 4px; border-bottom: 1px dotted var(--line); }
table.kv thead th { font-size: 7.5pt; }

.layer { break-inside: avoid; }
pre.hex { margin: 4px 0 12px; padding: 8px 10px; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; break-inside: avoid; }
.problems { margin: 4px 0 8px; padding-left: 20px; }
.problems li { margin: 0 0 6px; break-inside: avoid; }
.problems li.fixed > div:nth-child(2) { color: var(--muted); }
ul.changed { margin: 4px 0 8px; padding-left: 16px; }
ul.changed > li { margin: 0 0 6px; }
ul.values li { break-inside: avoid; }
ul.values { margin: 2px 0 0; padding-left: 14px; font-size: 8.5pt; }
ul.passed { margin: 2px 0 8px; padding: 0; list-style: none; columns: 1; font-size: 8.5pt; }
ul.passed li { margin: 0 0 2px; break-inside: avoid; }
footer.end { margin-top: 24px; padding-top: 6px; border-top: 1px solid var(--line); }
`;

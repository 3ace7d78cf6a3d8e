// The fleet's table and report: one row per host, then the hosts grouped by their top cause with counts.
import type { FleetRow } from './run-fleet';

const LABEL: Record<FleetRow['status'], string> = { ok: 'ok', problems: 'PROBLEMS', unreachable: 'UNREACHABLE', error: 'ERROR' };

export function topCause(row: FleetRow): string {
  if (row.status === 'ok') return 'no problem found';
  return row.causes[0]?.title ?? row.failed[0] ?? 'unknown';
}

/** Hosts by top cause, most hosts first: what to fix first across the fleet. */
export function byTopCause(rows: FleetRow[]): { cause: string; status: FleetRow['status']; count: number; hosts: string[] }[] {
  const groups = new Map<string, { cause: string; status: FleetRow['status']; count: number; hosts: string[] }>();
  for (const r of rows) {
    const cause = topCause(r);
    const key = `${r.status}|${cause}`;
    const g = groups.get(key) ?? { cause, status: r.status, count: 0, hosts: [] };
    g.count++;
    g.hosts.push(r.name);
    groups.set(key, g);
  }
  return [...groups.values()].sort(
    (a, b) => (a.status === 'ok' ? 1 : 0) - (b.status === 'ok' ? 1 : 0) || b.count - a.count || a.cause.localeCompare(b.cause),
  );
}

export function formatFleetTable(rows: FleetRow[]): string {
  const w = Math.min(40, Math.max(4, ...rows.map((r) => r.name.length)));
  const lines = [`${'HOST'.padEnd(w)}  ${'STATUS'.padEnd(11)}  FAILED CHECKS / TOP CAUSE`];
  for (const r of rows) {
    const detail = r.status === 'problems' ? `${r.failed.join(', ')} — ${topCause(r)}` : r.status === 'ok' ? '' : topCause(r);
    lines.push(`${r.name.padEnd(w)}  ${LABEL[r.status].padEnd(11)}  ${detail}`);
  }
  return lines.join('\n') + '\n';
}

export function formatFleetReport(rows: FleetRow[]): string {
  const count = (s: FleetRow['status']) => rows.filter((r) => r.status === s).length;
  const out = [
    `Fleet: ${rows.length} hosts: ${count('ok')} ok, ${count('problems')} with problems, ${count('unreachable')} unreachable, ${count('error')} errors`,
    '',
    'Hosts by top cause:',
  ];
  for (const g of byTopCause(rows)) {
    const shown = g.hosts.slice(0, 8).join(', ') + (g.hosts.length > 8 ? `, … (${g.hosts.length - 8} more)` : '');
    out.push(`  ${String(g.count).padStart(4)}  ${LABEL[g.status].padEnd(11)}  ${g.cause}`, `        ${shown}`);
  }
  return out.join('\n') + '\n';
}

export function fleetJson(rows: FleetRow[]): { hosts: FleetRow[] } {
  return { hosts: rows.map((r) => ({ name: r.name, status: r.status, failed: r.failed, causes: r.causes })) };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderFleetHtml(rows: FleetRow[], generatedAt: string): string {
  const groups = byTopCause(rows)
    .map(
      (g) =>
        `<tr><td class="n">${g.count}</td><td class="k">${esc(LABEL[g.status])}</td><td>${esc(g.cause)}</td><td>${g.hosts.map((h) => `<span class="k">${esc(h)}</span>`).join(', ')}</td></tr>`,
    )
    .join('');
  const table = rows
    .map(
      (r) =>
        `<tr><td class="k">${esc(r.name)}</td><td class="k">${esc(LABEL[r.status])}</td><td>${r.failed.map((f) => `<span class="k">${esc(f)}</span>`).join(', ')}</td><td>${esc(topCause(r))}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>RDP Doctor fleet report</title>
<style>body{font:13px system-ui,sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.k{white-space:nowrap}.n{text-align:right;width:3em}</style></head><body>
<h1>RDP Doctor fleet report</h1><p>${esc(formatFleetReport(rows).split('\n')[0]!)}. Generated ${esc(generatedAt)}.</p>
<h2>Hosts by top cause</h2><table><tr><th>Hosts</th><th>Status</th><th>Top cause</th><th>Which</th></tr>${groups}</table>
<h2>Every host</h2><table><tr><th>Host</th><th>Status</th><th>Failed checks</th><th>Top cause</th></tr>${table}</table></body></html>\n`;
}

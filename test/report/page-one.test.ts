// The report a technician attaches, made through the CLI on multi-fault after three fixes (one of them a
// security downgrade): page 1 holds the conclusion, the problems in fix order, what was changed and the open
// risks; the whole report fits in 4 pages; no value in the changes is broken mid-word or mid-thumbprint.
// Read with `pdftotext -raw` page by page (report-facts.ts): the facts hold whatever the column widths.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loose } from './pdf-tools';
import { pdfPages } from './report-facts';
import { tempDir } from '../support/sim';

const BIN = path.resolve('bin/rdp-doctor.cjs');

function cli(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, RDP_DOCTOR_HOME: cwd },
    timeout: 60_000,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`rdp-doctor ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe('the report after fixes on multi-fault', () => {
  it('page 1 concludes; at most 4 pages; values unbroken', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const state = path.join(dir, 'state.json');
    cli(['diagnose', '--scenario', 'multi-fault', '--state', state, '--json'], dir);
    cli(['fix', 'host.firewall', '--fix', 'enable-rdp-rules', '--state', state, '--yes', '--json'], dir);
    cli(['fix', 'host.certificate', '--fix', 'renew-certificate', '--state', state, '--yes', '--json'], dir);
    cli(['fix', 'host.nla', '--fix', 'disable-nla', '--state', state, '--yes', '--json'], dir);
    const pdf = path.join(dir, 'report.pdf');
    cli(['diagnose', '--state', state, '--report', pdf], dir);
    const json = path.join(dir, 'report.json');
    cli(['diagnose', '--state', state, '--report', json], dir);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      changes: { changes: { what: string; before: unknown; after: unknown }[] }[];
    };

    const pages = pdfPages(pdf);
    expect(pages.length).toBeLessThanOrEqual(4);
    const page1 = loose(pages[0]!);
    const at = (t: string) => page1.indexOf(loose(t));
    for (const part of ['Conclusion: Needs follow-up', 'What was changed', 'Open risks: 1 security downgrade'])
      expect(at(part), part).toBeGreaterThanOrEqual(0);
    expect(at('Conclusion: Needs follow-up')).toBeLessThan(at('What was changed'));
    // The NLA workaround is in place: the conclusion does not call it fixed.
    expect(at('Conclusion: Fixed')).toBe(-1);

    // Every word of every change value is printed whole (a line break inside it, "Runnin g" or a split
    // thumbprint, would put a newline or a space in it): compared exactly on the raw text.
    const text = pages.join('\n');
    const tokens = report.changes
      .flatMap((c) => c.changes.flatMap((v) => [String(v.before), String(v.after)]))
      .flatMap((t) => t.split(/[\s,;()]+/))
      .filter((t) => /^[A-Za-z0-9]{4,}$/.test(t));
    expect(tokens.length).toBeGreaterThan(3);
    for (const t of tokens) expect(text.includes(t), `"${t}" unbroken in the PDF`).toBe(true);
  });
});

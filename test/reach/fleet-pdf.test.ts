// `fleet --report FILE.pdf`: the fleet report printed by the same HTML→PDF pipeline as `diagnose --report`,
// read back with pdftotext: hosts by top cause with their counts, then the table of every host.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const FILE = [
  'pc-001',
  'pc-002 scenario=expired-cert',
  'pc-003 scenario=expired-cert',
  'pc-004 scenario=winrm-off',
  'pc-005 scenario=rdp-disabled',
  'pc-006',
].join('\n');

/** pdftotext -layout keeps each table row on one line. */
const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

describe('fleet --report FILE.pdf', () => {
  it('writes a PDF: the hosts by top cause with counts, and every host in the table', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, FILE);
    const pdf = path.join(dir, 'fleet.pdf');
    const r = await runCli(['fleet', file, '--simulate', '--no-probe', '--report', pdf], {
      env: { RDP_DOCTOR_SIM_LATENCY_MS: '1', RDP_DOCTOR_HOME: dir },
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Fleet report written to ${pdf}`);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = textOf(pdf);
    expect(text).toMatch(/Fleet: 6 hosts: 2 ok, 3 with problems, 1 unreachable, 0 errors/);
    expect(text).toMatch(/Hosts by top cause/);
    // The group of the two expired certificates, counted, with both hosts named.
    // (-layout keeps a row's first line together; a cell's further lines follow under it.)
    expect(text).toMatch(/^\s*2\s+PROBLEMS\s+The self-signed RDP certificate expired[^\n]*pc-002,\n[^\n]*pc-003/m);
    expect(text).toMatch(/^\s*1\s+UNREACHABLE\s+WinRM does not answer[^\n]*pc-004/m);
    expect(text).toMatch(/^\s*2\s+ok\s+no problem found\s+pc-001,\n\s+pc-006/m);
    // The table: every host, its status and its failed checks.
    expect(text).toMatch(/^\s*pc-002\s+PROBLEMS\s+host\.certificate\s+The self-signed/m);
    expect(text).toMatch(/^\s*pc-004\s+UNREACHABLE\s+WinRM does not answer/m);
    expect(text).toMatch(/^\s*pc-005\s+PROBLEMS\s+host\.rdp-enabled,[^\n]*\n\s+host\.listener/m);
    for (const name of ['pc-001', 'pc-002', 'pc-003', 'pc-004', 'pc-005', 'pc-006']) expect(text).toContain(name);
  });

  it('an unknown extension or a browser that does not exist is a clear error naming the option', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, 'pc-001\n');
    const bad = await runCli(['fleet', file, '--simulate', '--json', '--report', path.join(dir, 'fleet.docx')]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ field: '--report' });
    const none = await runCli([
      'fleet',
      file,
      '--simulate',
      '--json',
      '--report',
      path.join(dir, 'f.pdf'),
      '--browser',
      path.join(dir, 'nope'),
    ]);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout).error).toMatchObject({ field: '--browser' });
  });
});

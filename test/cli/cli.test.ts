// The command-line interface as a technician uses it: real processes, real files, exit codes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

describe('rdp-doctor CLI', () => {
  it('diagnose --json on a healthy host exits 0 with findings in the documented shape', async () => {
    const r = await runCli(['diagnose', '--scenario', 'healthy', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.length).toBeGreaterThan(0);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'side', 'title', 'status', 'verdict', 'evidence', 'fixes']));
      expect(['pass', 'warn', 'fail', 'skipped', 'error']).toContain(f.status);
      expect(f.status === 'pass' || f.status === 'skipped').toBe(true);
    }
    expect(doc.causes).toEqual([]);
  });

  it('diagnose exits 1 and names the failing check on a broken host', async () => {
    const r = await runCli(['diagnose', '--scenario', 'rdp-disabled', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const f = doc.findings.find((x: { id: string }) => x.id === 'host.rdp-enabled');
    expect(f.status).toBe('fail');
    expect(f.fixes[0]).toMatchObject({ id: 'enable-rdp', reversible: true, lowersSecurity: false, needsAdmin: true });
    expect(doc.causes[0]).toMatchObject({ checkId: 'host.rdp-enabled', fix: 'host.rdp-enabled/enable-rdp' });
  });

  it.each([
    [['diagnose', '--target', 'bad host'], '--target'],
    [['diagnose', '--target', 'host:99999'], '--target'],
    [['diagnose', '--scenario', 'no-such-scenario'], '--scenario'],
    [['diagnose', '--scenario', '../../etc/passwd'], '--scenario'],
    [['diagnose', '--bogus'], '--bogus'],
    [['diagnose', '--report', 'out.docx'], '--report'],
    [['fix', 'host.nope', '--scenario', 'healthy'], 'CHECK_ID'],
    [['fix', 'host.rdp-enabled', '--fix', 'nope', '--scenario', 'healthy'], '--fix'],
    [['rollback', 'not-an-id', '--state', 'x.json'], 'ENTRY_ID'],
    [['rollback', '--last'], '--state'],
    [['frobnicate'], 'command'],
  ])('bad input %j exits 2 naming %s and changes nothing', async (args, field) => {
    const dir = tempDir();
    const r = await runCli(args, { cwd: dir, env: { RDP_DOCTOR_HOME: dir } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(field);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fix, journal and rollback round-trip through a state file across processes', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    const d1 = await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state, '--json']);
    expect(d1.code).toBe(1);
    const before = JSON.parse(readFileSync(state, 'utf8')).state;
    const fix = await runCli(['fix', 'host.rdp-enabled', '--state', state, '--json']);
    expect(fix.code, fix.stderr).toBe(0);
    const { entry } = JSON.parse(fix.stdout);
    expect(entry).toMatchObject({ checkId: 'host.rdp-enabled', fixId: 'enable-rdp', state: 'applied' });
    const d2 = await runCli(['diagnose', '--state', state, '--json', '--side', 'host']);
    expect(JSON.parse(d2.stdout).findings.find((f: { id: string }) => f.id === 'host.rdp-enabled').status).toBe('pass');
    const journal = JSON.parse((await runCli(['journal', '--state', state, '--json'])).stdout);
    expect(journal.entries.map((e: { id: string }) => e.id)).toEqual([entry.id]);
    const rb = await runCli(['rollback', '--last', '--state', state, '--json']);
    expect(rb.code, rb.stderr).toBe(0);
    expect(JSON.parse(rb.stdout).entry).toMatchObject({ id: entry.id, state: 'rolled-back' });
    expect(JSON.parse(readFileSync(state, 'utf8')).state).toEqual(before);
    const again = await runCli(['rollback', entry.id, '--state', state]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already rolled back/);
  });

  it('refuses a state file of another scenario', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'healthy', '--state', state]);
    const r = await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--state: .*holds scenario "healthy"/);
  });

  it('a damaged state file is kept aside, reported, and the CLI still runs', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    const text = readFileSync(state, 'utf8');
    writeFileSync(state, text.slice(0, Math.floor(text.length / 2)));
    const r = await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/damaged .*kept as/);
    const aside = readdirSync(dir).filter((n) => n.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(text.slice(0, Math.floor(text.length / 2)));
    expect(existsSync(state)).toBe(true);
  });

  it('a damaged journal entry is reported and kept aside; the others still list', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['fix', 'host.rdp-enabled', '--scenario', 'rdp-disabled', '--state', state]);
    const jdir = path.join(dir, 'host-journal');
    const [file] = readdirSync(jdir);
    writeFileSync(path.join(jdir, file!), '{"id": "trunc');
    const r = await runCli(['journal', '--state', state, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.entries).toEqual([]);
    expect(doc.problems.join(' ')).toMatch(/damaged/);
    expect(readdirSync(jdir).some((n) => n.includes('.corrupt-'))).toBe(true);
  });
});

// rdp-doctor explain: the real process, as a technician types it.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

describe('rdp-doctor explain', () => {
  it('explain 0x904 0x7 --json names the server refusal and the host checks in order', async () => {
    const r = await runCli(['explain', '0x904', '0x7', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['code', 'extended', 'meaning', 'extendedMeaning', 'checks']);
    expect(doc).toMatchObject({ code: '0x904', extended: '0x7' });
    expect(doc.meaning).toMatch(/socket closed/i);
    expect(doc.extendedMeaning).toMatch(/denied the connection/);
    expect(doc.checks.slice(0, 3)).toEqual(['host.user-rights', 'host.session-limits', 'host.licensing']);
  });

  it('explains a licensing code in words', async () => {
    const r = await runCli(['explain', '2308', '266']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not licensed to accept remote connections/);
    expect(r.stdout).toMatch(/1\. host\.licensing/);
  });

  it.each([
    [['explain'], 'code'],
    [['explain', 'abc'], 'code'],
    [['explain', '0x905'], 'code'],
    [['explain', '0x904', '0x999'], 'extended'],
    [['explain', '0x904', 'x'], 'extended'],
  ])('%j exits 2 naming the field %s', async (args, field) => {
    const r = await runCli([...args, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.field).toBe(field);
    expect(r.stderr).toMatch(new RegExp(`^${field}: `));
  });

  it('diagnose --error ranks the host side first and rejects a bad code', async () => {
    const bad = await runCli(['diagnose', '--scenario', 'healthy', '--error', '0x904/zz', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.field).toBe('--error');
    const r = await runCli(['diagnose', '--scenario', 'expired-cert', '--error', '0x904/0x7', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatchObject({ code: '0x904', extended: '0x7' });
    expect(doc.causes[0].evidence).toContain('Can explain the error shown (0x904/0x7)');
  });
});

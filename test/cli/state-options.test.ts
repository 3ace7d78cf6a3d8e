// The CLI's --state, --report and journal options: bad input is refused with exit 2 naming the option, before
// anything runs or is created, and nothing that keeps the host (state file, lock, journal) is overwritten.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const json = (out: string) => JSON.parse(out) as { error?: { code: string; field?: string; message: string } };

describe('--report never overwrites the host (audit F11) and bad folders are bad input (audit F12)', () => {
  it('--report equal to --state, its lock or inside its journal is refused, exit 2; the fix still rolls back', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'co.json');
    const env = { RDP_DOCTOR_HOME: dir };
    expect((await runCli(['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--state', state], { env })).code).toBe(0);
    const kept = readFileSync(state, 'utf8');
    for (const report of [state, `${state}.lock`, path.join(dir, 'co-journal', 'r.json')]) {
      const r = await runCli(['diagnose', '--state', state, '--report', report, '--json'], { env, cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(json(r.stdout).error).toMatchObject({ code: 'bad-input', field: '--report' });
    }
    expect(readFileSync(state, 'utf8')).toBe(kept);
    const rb = await runCli(['rollback', '--last', '--state', state], { env });
    expect(rb.code, rb.stderr).toBe(0);
  });

  it('--report into a missing folder or onto a folder is exit 2 naming --report, before the diagnosis runs', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'd.html'));
    for (const [report, words] of [
      [path.join(dir, 'nope', 'x.html'), /folder .*nope does not exist/],
      [path.join(dir, 'd.html'), /is a folder/],
    ] as const) {
      const r = await runCli(['diagnose', '--scenario', 'healthy', '--report', report, '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(json(r.stdout).error).toMatchObject({ code: 'bad-input', field: '--report' });
      expect(json(r.stdout).error!.message).toMatch(words);
    }
  });
});

describe('fix, rollback and journal act only on the host the state file holds (audit F5, F6, F8)', () => {
  it('a refused fix (no --yes) creates no state file and no journal folder', async () => {
    const dir = tempDir();
    const r = await runCli(['fix', 'host.nla', '--fix', 'disable-nla', '--scenario', 'nla-mismatch', '--state', path.join(dir, 'b4.json')]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rollback and journal with a --state that does not exist are exit 2 naming --state, and create nothing', async () => {
    const dir = tempDir();
    for (const args of [['rollback', '--last'], ['journal']]) {
      const r = await runCli([...args, '--state', path.join(dir, 'b7.json'), '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(json(r.stdout).error).toMatchObject({ field: '--state' });
      expect(json(r.stdout).error!.message).toMatch(/no such state file/);
    }
    const deep = await runCli(['fix', 'host.firewall', '--state', path.join(dir, 'no', 'such', 'x.json'), '--json']);
    expect(deep.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fix without --state promises no undo and no scheduled revert', async () => {
    const r = await runCli(['fix', 'host.nla', '--fix', 'disable-nla', '--yes', '--scenario', 'nla-mismatch'], { cwd: tempDir() });
    expect(r.stdout).not.toMatch(/Undo with|reverts it at .*whether or not/);
    expect(r.stdout).toMatch(/lived only in this run/);
  });
});

describe('a remote journal entry rolls back only on the machine it was made on (audit F14)', () => {
  it('the same --remote name on another state file (another machine) is refused; the first keeps its entry', async () => {
    const dir = tempDir();
    const env = { RDP_DOCTOR_HOME: path.join(dir, 'home') };
    const [r1, r2] = [path.join(dir, 'r1.json'), path.join(dir, 'r2.json')];
    const fixed = await runCli(['fix', 'host.rdp-enabled', '--remote', 'pc-1', '--scenario', 'rdp-disabled', '--state', r1], { env });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((await runCli(['diagnose', '--remote', 'pc-1', '--scenario', 'healthy', '--state', r2, '--json'], { env })).code).toBe(0);
    const r2Before = readFileSync(r2, 'utf8');
    const other = await runCli(['rollback', '--last', '--remote', 'pc-1', '--scenario', 'healthy', '--state', r2], { env });
    expect(other.code).not.toBe(0);
    expect(other.stdout).not.toMatch(/Rolled back/);
    expect(JSON.parse(readFileSync(r2, 'utf8')).state).toEqual(JSON.parse(r2Before).state);
    const own = await runCli(['rollback', '--last', '--remote', 'pc-1', '--state', r1], { env });
    expect(own.code, own.stderr).not.toBe(2);
    expect(own.stdout).toMatch(/Rolled back/);
  });
});

describe('the remote identity key (audit F14)', () => {
  it('a clone with the same name and machine SID but another SMBIOS UUID is another host', async () => {
    const { identityKey } = await import('../../electron/reach/identity');
    const base = { name: 'pc-1', computerName: 'PC-1', machineSid: 'S-1-5-21-1-2-3', vmId: '4c4c4544-0000-1000-8000-000000000001' };
    expect(identityKey(base)).not.toBe(identityKey({ ...base, vmId: '4c4c4544-0000-1000-8000-000000000002' }));
    expect(identityKey(base)).toBe(identityKey({ ...base, name: 'PC-1' }));
  });
});

describe('--revert-after on a fix that is not a downgrade (audit F23)', () => {
  it('is refused, exit 2 naming --revert-after, and nothing is created', async () => {
    const dir = tempDir();
    const r = await runCli([
      'fix',
      'host.firewall',
      '--scenario',
      'firewall-blocked',
      '--state',
      path.join(dir, 'ra.json'),
      '--revert-after',
      '5m',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(json(r.stdout).error).toMatchObject({ field: '--revert-after' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a run without --state leaves nothing behind', () => {
  it('fix and diagnose on a fresh scenario: its process-only journal folder is removed when the command ends', async () => {
    const tmp = tempDir();
    const env = { TMPDIR: tmp };
    const fix = await runCli(['fix', 'host.firewall', '--scenario', 'firewall-blocked'], { env });
    expect(fix.code, fix.stderr).toBe(0);
    expect((await runCli(['diagnose', '--scenario', 'healthy', '--json'], { env })).code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('a --state that is not a state file is refused for every command and left exactly as it is (audit4 G1)', () => {
  const commands = [
    ['diagnose', '--scenario', 'healthy'],
    ['journal'],
    ['rollback', '--last'],
    ['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--yes'],
  ];
  const snapshot = (dir: string) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .map(
        (d) =>
          `${path.relative(dir, path.join(d.parentPath, d.name))}:${d.isFile() ? readFileSync(path.join(d.parentPath, d.name), 'utf8') : d.isFIFO() ? 'fifo' : d.isSymbolicLink() ? 'link' : 'dir'}`,
      )
      .sort();

  it('a folder, a document, a FIFO, a link, another program JSON, a lock file and a file in a journal folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'Documents'));
    writeFileSync(path.join(dir, 'Documents', 'a.txt'), 'important');
    writeFileSync(path.join(dir, 'notes.txt'), 'my notes');
    writeFileSync(path.join(dir, 'report.pdf'), '%PDF-1.4 not a state');
    writeFileSync(path.join(dir, 'settings.json'), '{"theme":"dark"}');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'link.json'));
    expect((await runCli(['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--state', path.join(dir, 'p1.json')])).code).toBe(0);
    const before = snapshot(dir);
    const cases: [string, RegExp][] = [
      ['Documents', /is a folder/],
      ['notes.txt', /not an RDP Doctor state file/],
      ['report.pdf', /not an RDP Doctor state file/],
      ['settings.json', /not an RDP Doctor state file/],
      ['pipe', /not a regular file/],
      ['link.json', /is a link/],
      ['p1.json.lock', /is a lock file/],
      ['p1-journal/x.json', /inside the journal folder of p1\.json/],
    ];
    for (const [name, words] of cases) {
      const runs = await Promise.all(
        commands.map((args) => runCli([...args, '--state', path.join(dir, name), '--json'], { env: { RDP_DOCTOR_HOME: dir } })),
      );
      for (const [i, r] of runs.entries()) {
        expect(r.code, `${commands[i]![0]} --state ${name}: ${r.stderr}`).toBe(2);
        const error = json(r.stdout).error!;
        expect(error.field).toBe('--state');
        expect(error.message, `${commands[i]![0]} --state ${name}`).toMatch(words);
      }
      expect(snapshot(dir), `--state ${name} changed the folder`).toEqual(before);
    }
  }, 90_000);

  it('a damaged state file is left as it is by fix, rollback and journal; diagnose keeps it aside and starts fresh', async () => {
    const dir = tempDir();
    const state = path.join(dir, 's.json');
    expect((await runCli(['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--state', state])).code).toBe(0);
    const cut = readFileSync(state, 'utf8').slice(0, 120);
    writeFileSync(state, cut);
    for (const args of commands.slice(1)) {
      const r = await runCli([...args, '--state', state, '--json']);
      expect(r.code).toBe(2);
      expect(json(r.stdout).error!.message).toMatch(/is damaged .*left as it is/);
      expect(readFileSync(state, 'utf8')).toBe(cut);
    }
    const d = await runCli(['diagnose', '--state', state, '--json']);
    expect(d.code).toBe(1);
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
  });
});

describe('--report onto the state file under another name (audit4 G14)', () => {
  it('a hard link to the state file is the state file: refused, exit 2, and the state is kept', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    expect((await runCli(['diagnose', '--scenario', 'healthy', '--state', state])).code).toBe(0);
    const kept = readFileSync(state, 'utf8');
    linkSync(state, path.join(dir, 'other-name.json'));
    const r = await runCli(['diagnose', '--state', state, '--report', path.join(dir, 'other-name.json'), '--json']);
    expect(r.code).toBe(2);
    expect(json(r.stdout).error).toMatchObject({ field: '--report' });
    expect(readFileSync(state, 'utf8')).toBe(kept);
  });

  it('on Windows another case or a trailing dot names the same file', async () => {
    const { sameFile } = await import('../../electron/cli/report-target');
    expect(sameFile('C:\\t\\HOST.JSON', 'C:\\t\\host.json', 'win32')).toBe(true);
    expect(sameFile('C:\\t\\host.json.', 'C:\\t\\host.json', 'win32')).toBe(true);
    expect(sameFile('/t/HOST.JSON', '/t/host.json', 'linux')).toBe(false);
  });
});

describe('a fix refused for a bad parameter creates nothing (audit4 G10)', () => {
  it('--session 999 and an unknown --account on a new --state: exit 2, no state file, no journal; an existing state is kept', async () => {
    const dir = tempDir();
    const bad = await runCli([
      'fix',
      'host.session-limits',
      '--scenario',
      'sessions-held-disconnected',
      '--state',
      path.join(dir, 'ub.json'),
      '--session',
      '999',
      '--yes',
      '--json',
    ]);
    expect(bad.code).toBe(2);
    expect(json(bad.stdout).error).toMatchObject({ field: '--session' });
    const account = await runCli([
      'fix',
      'host.user-rights',
      '--scenario',
      'user-not-allowed',
      '--state',
      path.join(dir, 'ua.json'),
      '--yes',
      '--account',
      'CORP\\nobody-here',
    ]);
    expect(account.code, account.stderr).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const kept = path.join(dir, 'kept.json');
    expect((await runCli(['diagnose', '--scenario', 'sessions-held-disconnected', '--state', kept])).code).toBe(1);
    const before = readFileSync(kept, 'utf8');
    expect((await runCli(['fix', 'host.session-limits', '--state', kept, '--session', '999', '--yes'])).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe(before);
  });
});

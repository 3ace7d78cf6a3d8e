import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWindowsJournalFolder, windowsFolderProblem, type FolderReport } from '../../electron/app/journal-folder';
import { Journal } from '../../electron/engine/journal';
import { chooseDataDir, machineDataDir } from '../../electron/main/data-dir';
import type { Exec } from '../../electron/main/exec';
import { ensurePosixJournalFolder } from '../../electron/util/private-folder';
import { asInstalledWindows } from '../support/windows-os';

const SY = 'S-1-5-18';
const BA = 'S-1-5-32-544';
const good: FolderReport = {
  path: 'C:\\ProgramData\\RDP Doctor',
  exists: true,
  created: false,
  isDirectory: true,
  reparsePoint: false,
  owner: BA,
  protected: true,
  aces: [
    { sid: SY, rights: 2032127, type: 'Allow', inherited: false },
    { sid: BA, rights: 2032127, type: 'Allow', inherited: false },
  ],
};

describe('journal folder (Windows)', () => {
  // powershell.exe under Windows as installed in C:\\Windows (there is no Windows kernel here to ask).
  asInstalledWindows();

  it('is per machine on Windows when elevated, per user otherwise', () => {
    expect(chooseDataDir({ platform: 'win32', elevated: true, userData: 'U', env: { ProgramData: 'C:\\ProgramData' } })).toEqual({
      kind: 'machine',
      dir: 'C:\\ProgramData\\RDP Doctor',
    });
    expect(chooseDataDir({ platform: 'win32', elevated: false, userData: 'U', env: {} })).toMatchObject({ kind: 'user', dir: 'U' });
    expect(chooseDataDir({ platform: 'linux', elevated: true, userData: 'U', env: {} })).toMatchObject({ kind: 'user', dir: 'U' });
  });

  it('ignores a ProgramData variable that is not a plain drive path', () => {
    for (const bad of ['\\\\evil\\share', 'relative', 'C:\\x"y', ''])
      expect(machineDataDir({ ProgramData: bad })).toBe('C:\\ProgramData\\RDP Doctor');
  });

  it('accepts only: owner Administrators or SYSTEM, protected DACL, SYSTEM and Administrators only, no junction', () => {
    expect(windowsFolderProblem(good)).toBeNull();
    expect(windowsFolderProblem({ ...good, owner: 'S-1-5-21-1-2-3-1001' })).toMatch(/owner/);
    expect(windowsFolderProblem({ ...good, protected: false })).toMatch(/inherits/);
    expect(
      windowsFolderProblem({ ...good, aces: [...good.aces, { sid: 'S-1-5-32-545', rights: 1179817, type: 'Allow', inherited: false }] }),
    ).toMatch(/S-1-5-32-545 has access/);
    expect(windowsFolderProblem({ ...good, aces: [...good.aces, { sid: SY, rights: 1, type: 'Allow', inherited: true }] })).toMatch(
      /inherits/,
    );
    expect(windowsFolderProblem({ ...good, reparsePoint: true })).toMatch(/junction/);
  });

  function fakePowerShell(reports: FolderReport[]) {
    const calls: { file: string; args: readonly string[] }[] = [];
    const exec: Exec = async (file, args) => {
      calls.push({ file, args });
      return { code: 0, stdout: JSON.stringify(reports.shift()), stderr: '' };
    };
    return { exec, calls };
  }

  it('creates through ops/journal-folder.ps1 by absolute powershell.exe, the path passed as data', async () => {
    const { exec, calls } = fakePowerShell([{ ...good, created: true }]);
    await secureWindowsJournalFolder('C:\\ProgramData\\RDP Doctor $(calc)', exec);
    expect(calls[0]!.file).toMatch(/^[A-Z]:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    expect(calls[0]!.args).toContain('-File');
    expect(calls[0]!.args.find((a) => a.endsWith('journal-folder.ps1'))).toBeDefined();
    expect(calls[0]!.args.join(' ')).not.toContain('calc');
    const input = JSON.parse(Buffer.from(calls[0]!.args.at(-1)!, 'base64').toString('utf8'));
    expect(input).toEqual({ path: 'C:\\ProgramData\\RDP Doctor $(calc)', create: true });
  });

  it('moves a planted folder aside once and creates a fresh one; still wrong is refused', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'rdp-dd-'));
    const planted = path.join(base, 'RDP Doctor');
    mkdirSync(planted);
    const ok = fakePowerShell([
      { ...good, owner: 'S-1-5-21-1-2-3-1001' },
      { ...good, created: true },
    ]);
    const r = await secureWindowsJournalFolder(planted, ok.exec, () => new Date('2026-01-02T03:04:05Z'));
    expect(r.movedAside).toBe(`${planted}.untrusted-2026-01-02T03-04-05-000Z`);
    expect(existsSync(r.movedAside!)).toBe(true);
    mkdirSync(planted);
    const bad = fakePowerShell([
      { ...good, protected: false },
      { ...good, protected: false, created: true },
    ]);
    await expect(secureWindowsJournalFolder(planted, bad.exec)).rejects.toThrow(/inherits permissions.*will not keep rollback data/);
  });
});

describe('journal folder (simulated host, POSIX)', () => {
  const uid = process.getuid?.() ?? 0;

  it('is created 0700 and used', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rdp-dd-')), 'journal');
    const j = new Journal(dir);
    expect(j.list().entries).toEqual([]);
  });

  it('refuses a group- or world-writable folder, a symlink, and one another user owns', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'rdp-dd-'));
    const open = path.join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(() => new Journal(open)).toThrow(/writable by every user/);
    chmodSync(open, 0o770);
    expect(() => new Journal(open)).toThrow(/writable by its group/);
    const link = path.join(base, 'link');
    symlinkSync(base, link);
    expect(() => new Journal(link)).toThrow(/symbolic link/);
    const mine = path.join(base, 'mine');
    expect(() => ensurePosixJournalFolder(mine, uid + 1)).toThrow(/belongs to user/);
    expect(readdirSync(open)).toEqual([]);
  });
});

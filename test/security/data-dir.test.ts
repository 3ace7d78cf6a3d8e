import { lstatSync, mkdirSync, mkdtempSync, symlinkSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER_ENV, OWNER_SCRIPT, chooseDataDir, lockDownAclArgs, machineDataDir, prepareMachineDataDir } from '../../electron/main/data-dir';
import type { Exec } from '../../electron/main/exec';

describe('journal folder', () => {
  it('is per machine on Windows when elevated, per user otherwise', () => {
    expect(chooseDataDir({ platform: 'win32', elevated: true, userData: 'U', env: { ProgramData: 'C:\\ProgramData' } })).toEqual({ kind: 'machine', dir: 'C:\\ProgramData\\RDP Doctor' });
    expect(chooseDataDir({ platform: 'win32', elevated: false, userData: 'U', env: {} })).toMatchObject({ kind: 'user', dir: 'U' });
    expect(chooseDataDir({ platform: 'linux', elevated: true, userData: 'U', env: {} })).toMatchObject({ kind: 'user', dir: 'U' });
  });

  it('ignores a ProgramData variable that is not a plain drive path', () => {
    for (const bad of ['\\\\evil\\share', 'relative', 'C:\\x"y', '']) expect(machineDataDir({ ProgramData: bad })).toBe('C:\\ProgramData\\RDP Doctor');
  });

  it('locks the folder to SYSTEM and Administrators by SID, Users read-only, inheritance removed', () => {
    const args = lockDownAclArgs('C:\\ProgramData\\RDP Doctor');
    expect(args[0]).toBe('C:\\ProgramData\\RDP Doctor');
    expect(args).toContain('/inheritance:r');
    expect(args).toEqual(expect.arrayContaining(['*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-32-545:(OI)(CI)RX']));
    expect(args.join(' ')).not.toMatch(/S-1-1-0|Everyone|S-1-5-11/);
  });

  function fakeExec(owner: string) {
    const calls: { file: string; args: readonly string[]; env?: NodeJS.ProcessEnv }[] = [];
    const exec: Exec = async (file, args, options) => {
      calls.push({ file, args, env: options?.env });
      return { code: 0, stdout: file.endsWith('powershell.exe') ? `${owner}\r\n` : 'ok', stderr: '' };
    };
    return { exec, calls };
  }

  it('keeps a folder Administrators own and passes its path to PowerShell as data', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rdp-dd-')), "RDP Doctor $(calc)");
    mkdirSync(dir);
    const { exec, calls } = fakeExec('S-1-5-32-544');
    expect(await prepareMachineDataDir(dir, exec)).toEqual([]);
    const ps = calls.find((c) => c.file.endsWith('powershell.exe'))!;
    expect(ps.env![OWNER_ENV]).toBe(dir);
    expect(ps.args.join(' ')).not.toContain('calc');
    expect(Buffer.from(ps.args.at(-1)!, 'base64').toString('utf16le')).toBe(OWNER_SCRIPT);
    expect(calls.filter((c) => c.file.endsWith('icacls.exe')).map((c) => c.args[0])).toEqual([dir, dir]);
  });

  it('moves aside a folder a standard user planted, and a junction, then creates a fresh one', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'rdp-dd-'));
    const planted = path.join(base, 'RDP Doctor');
    mkdirSync(planted);
    const aside = await prepareMachineDataDir(planted, fakeExec('S-1-5-21-1-2-3-1001').exec, () => new Date('2026-01-02T03:04:05Z'));
    expect(aside).toEqual([`${planted}.untrusted-2026-01-02T03-04-05-000Z`]);
    expect(existsSync(planted)).toBe(true);

    const target = path.join(base, 'elsewhere');
    mkdirSync(target);
    const link = path.join(base, 'linked');
    symlinkSync(target, link, 'junction');
    const { exec, calls } = fakeExec('S-1-5-32-544');
    expect(await prepareMachineDataDir(link, exec)).toHaveLength(1);
    // The owner is never asked about a link: the ACL commands would follow it.
    expect(calls.some((c) => c.file.endsWith('powershell.exe'))).toBe(false);
    const names = readdirSync(base);
    expect(names).toEqual(expect.arrayContaining(['RDP Doctor', 'elsewhere', 'linked']));
    expect(names.filter((n) => n.startsWith('linked.untrusted-'))).toHaveLength(1);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
  });
});

// The scripts an elevated RDP Doctor runs must be changeable by administrators only; otherwise none runs.
import { describe, expect, it } from 'vitest';
import { checkScriptsFolder, refusingHost, scriptsFolderProblem, SCRIPTS_ACL_ENV } from '../../electron/app/scripts-folder';
import type { Exec } from '../../electron/main/exec';
import { asInstalledWindows } from '../support/windows-os';

const ADMIN_ONLY = [
  {
    path: 'C:\\Program Files\\RDP Doctor\\resources\\ps',
    owner: 'S-1-5-32-544',
    aces: [
      { sid: 'S-1-5-18', rights: 2032127 },
      { sid: 'S-1-5-32-544', rights: 2032127 },
      { sid: 'S-1-5-32-545', rights: 1179817 },
    ],
  },
];

describe('scripts folder check', () => {
  // powershell.exe under Windows as installed in C:\\Windows (there is no Windows kernel here to ask).
  asInstalledWindows();

  it('accepts SYSTEM/Administrators writers and Users read & execute', () => {
    expect(scriptsFolderProblem(ADMIN_ONLY)).toBeNull();
  });

  it('refuses Users with Modify, Authenticated Users with write, or a user as owner', () => {
    expect(scriptsFolderProblem([{ ...ADMIN_ONLY[0]!, aces: [...ADMIN_ONLY[0]!.aces, { sid: 'S-1-5-32-545', rights: 1245631 }] }])).toMatch(
      /S-1-5-32-545 may change/,
    );
    expect(scriptsFolderProblem([{ ...ADMIN_ONLY[0]!, aces: [{ sid: 'S-1-5-11', rights: 0x2 }] }])).toMatch(/S-1-5-11/);
    expect(scriptsFolderProblem([...ADMIN_ONLY, { path: 'x\\ops\\registry-write.ps1', owner: 'S-1-5-21-1-2-3-1001', aces: [] }])).toMatch(
      /registry-write\.ps1 is owned by/,
    );
  });

  it('reads the ACLs with a fixed encoded script, the folder passed as data, and a refused folder refuses every script', async () => {
    let seen: { file: string; env?: NodeJS.ProcessEnv; args: readonly string[] } | null = null;
    const exec: Exec = async (file, args, options) => {
      seen = { file, args, env: options?.env };
      return { code: 0, stdout: JSON.stringify([{ ...ADMIN_ONLY[0], aces: [{ sid: 'S-1-1-0', rights: 2032127 }] }]), stderr: '' };
    };
    const problem = await checkScriptsFolder('C:\\Tools\\RDP Doctor\\resources\\ps', exec);
    expect(problem).toMatch(/S-1-1-0 may change.*Reinstall into Program Files/);
    expect(seen!.file).toMatch(/\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    expect(seen!.env![SCRIPTS_ACL_ENV]).toBe('C:\\Tools\\RDP Doctor\\resources\\ps');
    await expect(refusingHost(problem!).run('ops/registry-write', {}, undefined as never)).rejects.toThrow(/refuses to run its scripts/);
  });
});

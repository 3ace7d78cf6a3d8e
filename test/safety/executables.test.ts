// The programs an elevated RDP Doctor starts are the ones Windows installed, found by absolute path under the
// Windows folder Windows itself names. A SystemRoot that a user set (HKCU\Environment is merged into their elevated
// processes) and that disagrees is refused with a message naming SystemRoot, everywhere a path is built from it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { elevatedByFltmc } from '../../electron/env-overrides';
import { powershellExecutable, SystemRootRefused, systemRootRefusal } from '../../electron/hosts/powershell/executable';
import { systemProgram } from '../../electron/main/exec';
import { browserLauncher } from '../../electron/cli/open-browser';
import { runCli } from '../../electron/cli/main';
import type { CliIO } from '../../electron/cli/io';
import { fakeWindowsOs, installFakeWindowsOs } from '../support/windows-os';

const windows = fakeWindowsOs('C:\\Windows');
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const REFUSED = /^SystemRoot is .*Remove that value, sign out and in again/;

/** SystemRoot values a user can plant: their own folder, relative, UNC, another drive's Windows, quoting. */
const PLANTED: [string, RegExp][] = [
  ['C:\\Users\\x\\evil', /^SystemRoot is "C:\\\\Users\\\\x\\\\evil", not the Windows folder \(<drive>:\\Windows\)/],
  ['Windows', /not the Windows folder/],
  ['.\\Windows', /not the Windows folder/],
  ['\\\\server\\share\\Windows', /not the Windows folder/],
  ['\\\\?\\C:\\Windows', /not the Windows folder/],
  ['C:\\Windows\\..\\Users\\x', /not the Windows folder/],
  ['C:\\Windows" & calc', /not the Windows folder/],
  ['D:\\Windows', /^SystemRoot is "D:\\\\Windows", but Windows is installed in "C:\\\\Windows"/],
  ['', /^SystemRoot is not set/],
];

describe('SystemRoot', () => {
  it('C:\\Windows (any case, as Windows sets it) is accepted when Windows names the same folder', () => {
    for (const SystemRoot of ['C:\\Windows', 'C:\\WINDOWS', 'c:\\windows\\'])
      expect(systemRootRefusal({ SystemRoot }, windows)).toBeUndefined();
    expect(powershellExecutable({ SystemRoot: 'C:\\WINDOWS' }, 'x64', windows)).toBe(PS);
    // Windows installed on D: is fine too: the kernel says so.
    expect(powershellExecutable({ SystemRoot: 'D:\\Windows' }, 'x64', fakeWindowsOs('D:\\Windows'))).toBe(
      'D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });

  it.each(PLANTED)('%j is refused, naming SystemRoot and how to fix it', (SystemRoot, why) => {
    const message = systemRootRefusal({ SystemRoot }, windows);
    expect(message).toMatch(why);
    expect(message).toMatch(REFUSED);
    expect(() => powershellExecutable({ SystemRoot }, 'x64', windows)).toThrow(SystemRootRefused);
  });

  it('a C:\\Windows that is not the folder Windows opens, one Windows cannot confirm, or one without PowerShell is refused', () => {
    const lookAlike = { ...windows, isKernelFolder: () => false };
    expect(systemRootRefusal({ SystemRoot: 'C:\\Windows' }, lookAlike)).toMatch(/opens another folder than Windows' own/);
    const silent = {
      ...windows,
      kernelFolder: () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
    };
    expect(systemRootRefusal({ SystemRoot: 'C:\\Windows' }, silent)).toMatch(
      /^SystemRoot is "C:\\\\Windows", but Windows did not confirm its folder \(\\\\\?\\GLOBALROOT\\SystemRoot: ENOENT\)/,
    );
    expect(systemRootRefusal({ SystemRoot: 'C:\\Windows' }, fakeWindowsOs('C:\\Windows', []))).toMatch(
      /holds no System32\\WindowsPowerShell/,
    );
  });

  it('ignores NODE_POWERSHELL; a 32-bit process on 64-bit Windows asks for Sysnative', () => {
    expect(powershellExecutable({ SystemRoot: 'C:\\Windows', NODE_POWERSHELL: 'C:\\Users\\Public\\powershell.exe' }, 'x64', windows)).toBe(
      PS,
    );
    expect(powershellExecutable({ SystemRoot: 'C:\\Windows', PROCESSOR_ARCHITEW6432: 'AMD64' }, 'ia32', windows)).toBe(
      'C:\\Windows\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });
});

describe('the same rule wherever a path is built from SystemRoot', () => {
  const builders: [string, (env: NodeJS.ProcessEnv) => string][] = [
    ['powershell.exe (hosts/powershell/executable.ts)', (env) => powershellExecutable(env, 'x64', windows)],
    ['a system program (main/exec.ts)', (env) => systemProgram('System32\\icacls.exe', env, windows)],
    ['explorer.exe (rdp-doctor web --open)', (env) => browserLauncher('win32', env, 'http://127.0.0.1:1/', windows)[0]],
    [
      'fltmc.exe, the elevation test (env-overrides.ts)',
      (env) => {
        const ran: string[] = [];
        elevatedByFltmc(env, (file) => void ran.push(file), windows);
        return ran[0]!;
      },
    ],
  ];

  it.each(builders)('%s: under C:\\Windows, and refused for each planted SystemRoot', (_name, build) => {
    expect(build({ SystemRoot: 'C:\\Windows' })).toMatch(/^C:\\Windows\\(System32\\|explorer\.exe$)/);
    for (const [SystemRoot] of PLANTED) expect(() => build({ SystemRoot }), SystemRoot).toThrow(REFUSED);
  });

  it('a planted SystemRoot whose fake fltmc fails is a refusal, not "not elevated" (which would honour RDP_DOCTOR_HOME)', async () => {
    const { devOverride } = await import('../../electron/env-overrides');
    const env = { SystemRoot: 'C:\\Users\\x\\evil', RDP_DOCTOR_HOME: 'C:\\Users\\x\\journal' };
    const failing = () => {
      throw new Error('fake fltmc: exit 1');
    };
    const facts = { platform: 'win32' as const, packaged: false, elevated: () => elevatedByFltmc(env, failing, windows) };
    expect(() => devOverride('RDP_DOCTOR_HOME', env, facts)).toThrow(SystemRootRefused);
    expect(elevatedByFltmc({ SystemRoot: 'C:\\Windows' }, failing, windows)).toBe(false);
  });
});

describe('the CLI on Windows refuses to start with a planted SystemRoot', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exit 2 before any command runs, with the message and field SystemRoot', async () => {
    installFakeWindowsOs('C:\\Windows');
    vi.spyOn(process, 'platform', 'get').mockReturnValue('win32');
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = {
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
      isTTY: false,
      env: { SystemRoot: 'C:\\Users\\x\\evil' },
      cwd: process.cwd(),
    };
    expect(await runCli(['scenarios', '--json'], io)).toBe(2);
    expect(err.join('')).toMatch(REFUSED);
    expect(JSON.parse(out.join(''))).toMatchObject({ error: { code: 'bad-input', field: 'SystemRoot' } });
  });
});

describe('developer overrides', () => {
  it('RDP_DOCTOR_ROOT and RDP_DOCTOR_HOME are honoured only unpackaged and unelevated', async () => {
    const { devOverride } = await import('../../electron/env-overrides');
    const env = { RDP_DOCTOR_ROOT: 'C:\\Users\\Public\\evil', RDP_DOCTOR_HOME: 'C:\\Users\\Public\\journal' };
    const dev = { platform: 'win32' as const, packaged: false, elevated: () => false };
    expect(devOverride('RDP_DOCTOR_ROOT', env, dev)).toBe('C:\\Users\\Public\\evil');
    expect(devOverride('RDP_DOCTOR_ROOT', env, { ...dev, packaged: true })).toBeUndefined();
    expect(devOverride('RDP_DOCTOR_HOME', env, { ...dev, elevated: () => true })).toBeUndefined();
  });
});

describe('rdp-doctor web --open', () => {
  it('on Windows hands the URL to explorer.exe by absolute path (the unelevated shell), never rundll32 by bare name', () => {
    const url = 'http://127.0.0.1:43210/#token=abc';
    expect(browserLauncher('win32', { SystemRoot: 'C:\\WINDOWS' }, url, windows)).toEqual(['C:\\Windows\\explorer.exe', [url]]);
  });
});

describe('inside the scripts (rd-common.ps1)', () => {
  it('Get-RdSystemTool takes System32 from GetSystemDirectory ([Environment]::SystemDirectory), never $env:SystemRoot', () => {
    const lib = readFileSync(path.join(__dirname, '..', '..', 'electron', 'engine', 'lib', 'rd-common.ps1'), 'utf8');
    const body = /function Get-RdSystemTool \{([\s\S]*?)\n\}/.exec(lib)?.[1] ?? '';
    expect(body).toMatch(/Join-Path -Path \(\[Environment\]::SystemDirectory\) -ChildPath \$Name/);
    expect(body).not.toMatch(/\$env:/i);
  });
});

describe('the app on Windows refuses to start with a planted SystemRoot', () => {
  it('an error box naming SystemRoot, exit 2, no window (the real main bundle, stand-in Electron)', () => {
    const root = path.join(__dirname, '..', '..');
    const fixtures = path.join(root, 'test', 'security', 'fixtures');
    const run = spawnSync(
      process.execPath,
      ['-r', path.join(fixtures, 'fake-electron.cjs'), '-r', path.join(fixtures, 'as-windows.cjs'), 'dist/electron/main.cjs'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, SystemRoot: 'C:\\Users\\x\\evil' }, timeout: 60_000 },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-RECORD '));
    expect(line, run.stderr).toBeDefined();
    const record = JSON.parse(line!.slice('FAKE-ELECTRON-RECORD '.length)) as { exit: number; windows: unknown[]; errors: string[] };
    expect(record.exit).toBe(2);
    expect(record.windows).toEqual([]);
    expect(record.errors).toEqual([expect.stringMatching(/^RDP Doctor cannot start: SystemRoot is "C:\\\\Users\\\\x\\\\evil"/)]);
  });
});

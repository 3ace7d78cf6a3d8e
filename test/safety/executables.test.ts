// The programs an elevated RDP Doctor starts are the ones Windows installed, found by absolute path.
import { describe, expect, it } from 'vitest';
import { powershellExecutable } from '../../electron/hosts/powershell/executable';

describe('powershell.exe', () => {
  it('is Windows PowerShell 5.1 under %SystemRoot%\\System32, by absolute path', () => {
    expect(powershellExecutable({ SystemRoot: 'C:\\Windows' }, 'x64')).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });

  it('a 32-bit process on 64-bit Windows asks for Sysnative (System32 would be the WOW64 copy)', () => {
    expect(powershellExecutable({ SystemRoot: 'D:\\WINDOWS', PROCESSOR_ARCHITEW6432: 'AMD64' }, 'ia32')).toBe(
      'D:\\WINDOWS\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });

  it('ignores NODE_POWERSHELL, a relative or odd SystemRoot, and the current directory', () => {
    for (const SystemRoot of ['.', 'Windows', 'C:\\Users\\Public\\..\\x', '\\\\server\\share', 'C:\\Windows" & calc']) {
      expect(powershellExecutable({ SystemRoot, NODE_POWERSHELL: 'C:\\Users\\Public\\powershell.exe' }, 'x64')).toBe(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      );
    }
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
  it('on Windows hands the URL to explorer.exe by absolute path (the unelevated shell), never rundll32 by bare name', async () => {
    const { browserLauncher } = await import('../../electron/cli/open-browser');
    const url = 'http://127.0.0.1:43210/#token=abc';
    expect(browserLauncher('win32', { SystemRoot: 'D:\\WINDOWS' }, url)).toEqual(['D:\\WINDOWS\\explorer.exe', [url]]);
    // A planted or odd SystemRoot does not move it out of Windows' folder.
    expect(browserLauncher('win32', { SystemRoot: 'C:\\Users\\Public\\..\\x' }, url)).toEqual(['C:\\Windows\\explorer.exe', [url]]);
  });
});

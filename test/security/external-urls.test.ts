import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOSTS, allowedExternalUrl, openExternalSafely } from '../../electron/main/external-urls';
import { hostileString } from './hostile';

describe('shell.openExternal allowlist', () => {
  it.each(['https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/rdp-error', 'https://support.microsoft.com/help/4295591'])(
    'admits %s',
    (url) => {
      expect(allowedExternalUrl(url)).toBe(url);
    },
  );

  it.each([
    'http://learn.microsoft.com/',
    'https://learn.microsoft.com.evil.example/',
    'https://evil.example/?https://learn.microsoft.com/',
    'https://user:pw@learn.microsoft.com/',
    'https://learn.microsoft.com:8443/',
    'file:///C:/Windows/System32/calc.exe',
    'ms-msdt:/id PCWDiagnostic /skip force',
    'search-ms:query=calc&crumb=location:\\\\evil\\share',
    'javascript:alert(1)',
    'smb://evil/share',
    '\\\\evil\\share\\x.exe',
    'https://learn.microsoft.com/\n',
    'https://learn.microsoft.com/ x',
    `https://learn.microsoft.com/${'a'.repeat(3000)}`,
    '',
    null,
    42,
    { toString: () => 'https://learn.microsoft.com/' },
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });

  it('returns the parsed form, so the OS never sees the raw string', () => {
    expect(allowedExternalUrl('HTTPS://LEARN.MICROSOFT.COM/a/../b')).toBe('https://learn.microsoft.com/b');
  });

  it('only https documentation hosts are listed', () => {
    for (const host of EXTERNAL_HOSTS) expect(host).toMatch(/(^|\.)microsoft\.com$/);
  });

  it('random hostile strings never pass unless they are an https URL on a listed host', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const url = allowedExternalUrl(text);
        if (url !== null) {
          const parsed = new URL(url);
          expect(parsed.protocol).toBe('https:');
          expect(EXTERNAL_HOSTS).toContain(parsed.hostname);
        }
      }),
    );
  });

  it('openExternalSafely calls the shell only for allowed URLs', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    expect(await openExternalSafely('ms-msdt:/id x', shell)).toBe(false);
    expect(await openExternalSafely('https://learn.microsoft.com/x', shell)).toBe(true);
    expect(opened).toEqual(['https://learn.microsoft.com/x']);
  });
});

describe('links from an elevated app', () => {
  it('go through Explorer (the unelevated shell) by absolute path, never Electron with the admin token', async () => {
    const { linkOpener } = await import('../../electron/main/external-urls');
    const calls: string[][] = [];
    const electronShell = { openExternal: async () => void calls.push(['electron']) };
    const exec = async (file: string, args: readonly string[]) => (calls.push([file, ...args]), { code: 1 });
    await linkOpener({ platform: 'win32', elevated: true, systemRoot: 'C:\\Windows' }, electronShell, exec).openExternal(
      'https://learn.microsoft.com/x',
    );
    expect(calls).toEqual([['C:\\Windows\\explorer.exe', 'https://learn.microsoft.com/x']]);
    calls.length = 0;
    await linkOpener({ platform: 'win32', elevated: false, systemRoot: 'C:\\Windows' }, electronShell, exec).openExternal(
      'https://learn.microsoft.com/x',
    );
    expect(calls).toEqual([['electron']]);
  });
});

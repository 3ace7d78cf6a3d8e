// shell.openExternal hands a URL to the OS, which may start any registered protocol handler (ms-msdt:,
// search-ms:, file: ...). From an elevated process that is code execution, so only https links to the
// documentation sites the findings cite leave the app, and only in their parsed, re-serialised form.

export const EXTERNAL_HOSTS: readonly string[] = [
  'learn.microsoft.com',
  'support.microsoft.com',
  'docs.microsoft.com',
  'techcommunity.microsoft.com',
];

const MAX_URL_LENGTH = 2048;

/** Returns the normalised URL when it may be opened in the user's browser, otherwise null. */
export function allowedExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // Control characters and spaces are never part of a link we wrote; reject rather than let the OS reinterpret.
  // eslint-disable-next-line no-control-regex -- control characters in a link are refused; this is the check
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  if (!EXTERNAL_HOSTS.includes(url.hostname)) return null;
  return url.href;
}

/** Opens `raw` in the browser when the allowlist admits it; the one call site of shell.openExternal. */
export async function openExternalSafely(raw: unknown, opener: { openExternal(url: string): Promise<void> }): Promise<boolean> {
  const url = allowedExternalUrl(raw);
  if (url === null) return false;
  await opener.openExternal(url);
  return true;
}

/**
 * Who opens the link. An elevated RDP Doctor on Windows must not start the browser with its administrator token
 * (every page would run elevated): it hands the URL to Explorer, the user's unelevated shell, which starts the
 * default browser as the desktop user ("ask Explorer to launch it", The Old New Thing, 2013-11-18). explorer.exe
 * by absolute path, the URL as one argument, no shell. Elsewhere, or not elevated: Electron's shell.
 */
export function linkOpener(
  options: { platform: NodeJS.Platform; elevated: boolean; systemRoot: string },
  electronShell: { openExternal(url: string): Promise<void> },
  runProgram: (file: string, args: readonly string[]) => Promise<{ code: number }>,
): { openExternal(url: string): Promise<void> } {
  if (options.platform !== 'win32' || !options.elevated) return electronShell;
  return {
    async openExternal(url) {
      // explorer.exe exits with 1 even when it handed the URL over; nothing to check.
      await runProgram(`${options.systemRoot}\\explorer.exe`, [url]);
    },
  };
}

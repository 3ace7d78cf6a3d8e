// `rdp-doctor web --open`: which program shows the browser-mode URL.
import { spawn } from 'node:child_process';
import { systemRoot, type WindowsOs, windowsOs } from '../hosts/powershell/executable';

/**
 * On Windows browser mode drives the real host, so it runs elevated: the browser must not inherit the administrator
 * token (every page, and the history holding the token URL, would run elevated). Explorer, the user's unelevated
 * shell, starts the default browser as the desktop user, as the app's own links do (electron/main/external-urls.ts).
 * explorer.exe by absolute path under the Windows folder Windows names (a bare name is looked up in the current
 * folder first); a SystemRoot that disagrees throws SystemRootRefused.
 */
export function browserLauncher(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  url: string,
  os: WindowsOs = windowsOs,
): [string, string[]] {
  if (platform === 'win32') return [`${systemRoot(env, os)}\\explorer.exe`, [url]];
  if (platform === 'darwin') return ['/usr/bin/open', [url]];
  return ['xdg-open', [url]];
}

export function openBrowser(url: string): void {
  // The URL goes as one argument to a program that does not parse it as shell text.
  const [cmd, args] = browserLauncher(process.platform, process.env, url);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

// Whether the app runs as administrator, and how it restarts itself elevated. The executable path and its
// arguments reach PowerShell as data (base64 JSON in an environment variable), never inside script text.
import { type Exec, powershellArgs, powershellPath } from './exec';

export const IS_ELEVATED_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$principal = New-Object -TypeName Security.Principal.WindowsPrincipal -ArgumentList ([Security.Principal.WindowsIdentity]::GetCurrent())',
  "if ($principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { 'True' } else { 'False' }",
].join('\n');

export const RELAUNCH_ENV = 'RDP_DOCTOR_RELAUNCH';

export const RELAUNCH_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  `$request = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:${RELAUNCH_ENV})) | ConvertFrom-Json`,
  'if ([string]::IsNullOrEmpty($request.arguments)) {',
  '  Start-Process -FilePath $request.file -Verb RunAs',
  '} else {',
  '  Start-Process -FilePath $request.file -ArgumentList $request.arguments -Verb RunAs',
  '}',
].join('\n');

export async function isElevated(platform: NodeJS.Platform, exec: Exec): Promise<boolean> {
  if (platform !== 'win32') return typeof process.getuid === 'function' && process.getuid() === 0;
  const result = await exec(powershellPath(), powershellArgs(IS_ELEVATED_SCRIPT), { timeoutMs: 20_000 });
  return result.code === 0 && result.stdout.trim() === 'True';
}

/** Quotes one argument the way CommandLineToArgvW (and so Chromium) splits it back. */
export function quoteWindowsArg(arg: string): string {
  // eslint-disable-next-line no-control-regex -- NUL cannot be passed on a command line; this is the check
  if (/[\u0000\r\n]/.test(arg)) throw new Error('argument: NUL and line breaks cannot be passed on a command line');
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes += 1;
      continue;
    }
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

export interface RelaunchRequest {
  file: string;
  arguments: string;
}

export function relaunchRequest(exePath: string, args: readonly string[]): RelaunchRequest {
  if (!/^[A-Za-z]:\\/.test(exePath) && !exePath.startsWith('\\\\')) throw new Error('exePath: expected an absolute Windows path');
  // eslint-disable-next-line no-control-regex -- path validation: NUL cannot be in a Windows path
  if (/[\u0000\r\n"]/.test(exePath)) throw new Error('exePath: contains a character a Windows path cannot have');
  return { file: exePath, arguments: args.map(quoteWindowsArg).join(' ') };
}

export interface RelaunchCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function relaunchCommand(exePath: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): RelaunchCommand {
  const request = Buffer.from(JSON.stringify(relaunchRequest(exePath, args)), 'utf8').toString('base64');
  return { file: powershellPath(env), args: powershellArgs(RELAUNCH_SCRIPT), env: { ...env, [RELAUNCH_ENV]: request } };
}

export async function relaunchElevated(
  platform: NodeJS.Platform,
  exePath: string,
  args: readonly string[],
  exec: Exec,
): Promise<{ started: boolean; message: string }> {
  if (platform !== 'win32') return { started: false, message: 'Restarting as administrator is only available on Windows.' };
  const command = relaunchCommand(exePath, args);
  const result = await exec(command.file, command.args, { env: command.env, timeoutMs: 120_000 });
  if (result.code === 0) return { started: true, message: 'RDP Doctor is starting again as administrator.' };
  // Start-Process reports a declined UAC prompt as "The operation was canceled by the user".
  const reason = result.stderr.trim().split(/\r?\n/)[0] ?? '';
  return { started: false, message: `Not restarted as administrator${reason ? `: ${reason}` : ' (the elevation prompt was declined)'}` };
}

// Runs a program without a shell, so no argument is ever parsed as command text.
import { execFile } from 'node:child_process';
import { powershellExecutable, systemRoot, type WindowsOs, windowsOs } from '../hosts/powershell/executable';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (
  file: string,
  args: readonly string[],
  options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
) => Promise<ExecResult>;

export const execNoShell: Exec = (file, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, windowsHide: true, shell: false, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && !stderr ? error.message : '')) });
      },
    );
  });

/**
 * Absolute path of a Windows system program under the Windows folder Windows itself names (executable.ts): an
 * elevated process must not find it through the current directory, PATH, or a SystemRoot a user set.
 */
export function systemProgram(relative: string, env: NodeJS.ProcessEnv = process.env, os: WindowsOs = windowsOs): string {
  return `${systemRoot(env, os)}\\${relative}`;
}

export function powershellPath(env?: NodeJS.ProcessEnv): string {
  return powershellExecutable(env);
}

/** A fixed script as -EncodedCommand (UTF-16LE base64): the command line carries no script text to misparse. */
export function powershellArgs(script: string): string[] {
  return [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

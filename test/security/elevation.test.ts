import { describe, expect, it } from 'vitest';
import {
  IS_ELEVATED_SCRIPT,
  RELAUNCH_ENV,
  RELAUNCH_SCRIPT,
  isElevated,
  quoteWindowsArg,
  relaunchCommand,
  relaunchElevated,
} from '../../electron/main/elevation';
import { powershellArgs, powershellPath, systemProgram, type Exec } from '../../electron/main/exec';
import { HOSTILE_SAMPLES } from './hostile';
import { asInstalledWindows } from '../support/windows-os';

/** CommandLineToArgvW's splitting rules, to prove quoteWindowsArg round-trips. */
function splitWindows(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length; i += 1) {
      const ch = line[i]!;
      if (ch === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n += 1;
          i += 1;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i -= 1;
        }
      } else if (ch === '"') quoted = !quoted;
      else if ((ch === ' ' || ch === '\t') && !quoted) break;
      else arg += ch;
    }
    out.push(arg);
  }
  return out;
}

function recordingExec(result = { code: 0, stdout: 'True\r\n', stderr: '' }) {
  const calls: { file: string; args: readonly string[]; env?: NodeJS.ProcessEnv }[] = [];
  const exec: Exec = async (file, args, options) => {
    calls.push({ file, args, env: options?.env });
    return result;
  };
  return { exec, calls };
}

describe('elevation', () => {
  // Windows as installed in C:\Windows (there is no Windows kernel here to ask); process.env as Windows sets it.
  asInstalledWindows();

  it('quoteWindowsArg round-trips through CommandLineToArgvW rules', () => {
    for (const arg of [
      'C:\\Program Files\\RDP Doctor\\app',
      'a"b',
      'trailing\\',
      'with space\\',
      '\\\\server\\share\\"x"',
      '',
      'plain',
      // eslint-disable-next-line no-control-regex -- picks the samples with NUL or line breaks
      ...HOSTILE_SAMPLES.filter((s) => !/[\u0000\r\n]/.test(s)),
    ]) {
      expect(splitWindows(quoteWindowsArg(arg))).toEqual([arg]);
    }
    expect(() => quoteWindowsArg('a\nb')).toThrow(/argument/);
    expect(() => quoteWindowsArg('a\u0000b')).toThrow(/argument/);
  });

  it('relaunch passes the executable and arguments as base64 JSON data, never in the script or command line', () => {
    const exe = "C:\\Users\\Bob's $(calc) `x` \u2018q\u2019\\RDP Doctor.exe";
    const args = ['C:\\app; Remove-Item C:\\ -Recurse', '$(calc)'];
    const command = relaunchCommand(exe, args, { SystemRoot: 'C:\\Windows' });
    expect(command.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const commandLine = command.args.join(' ');
    expect(commandLine).not.toContain('calc');
    expect(commandLine).not.toContain('Bob');
    const script = Buffer.from(command.args.at(-1)!, 'base64').toString('utf16le');
    expect(script).toBe(RELAUNCH_SCRIPT);
    expect(script).toMatch(/-Verb RunAs/);
    const request = JSON.parse(Buffer.from(command.env[RELAUNCH_ENV]!, 'base64').toString('utf8'));
    expect(request.file).toBe(exe);
    expect(splitWindows(request.arguments)).toEqual(args);
  });

  it('refuses an executable path that is not an absolute Windows path', () => {
    expect(() => relaunchCommand('RDP Doctor.exe', [])).toThrow(/exePath/);
    expect(() => relaunchCommand('C:\\a"b.exe', [])).toThrow(/exePath/);
  });

  it('reports a declined prompt and never claims success', async () => {
    const { exec } = recordingExec({
      code: 1,
      stdout: '',
      stderr: 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.\r\nAt line:1',
    });
    const result = await relaunchElevated('win32', 'C:\\RDP Doctor\\RDP Doctor.exe', [], exec);
    expect(result.started).toBe(false);
    expect(result.message).toMatch(/canceled by the user/);
    expect(await relaunchElevated('linux', '/usr/bin/x', [], exec)).toMatchObject({ started: false });
  });

  it('isElevated runs a fixed script through the absolute powershell.exe path', async () => {
    const { exec, calls } = recordingExec();
    expect(await isElevated('win32', exec)).toBe(true);
    expect(calls[0]!.file).toMatch(/^[A-Za-z]:\\.*\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    expect(calls[0]!.args).toEqual(powershellArgs(IS_ELEVATED_SCRIPT));
    expect(await isElevated('win32', recordingExec({ code: 0, stdout: 'False', stderr: '' }).exec)).toBe(false);
    expect(await isElevated('win32', recordingExec({ code: 1, stdout: 'True', stderr: 'x' }).exec)).toBe(false);
  });

  it('system programs never resolve through a SystemRoot Windows does not confirm', () => {
    expect(powershellPath({ SystemRoot: 'C:\\WINDOWS' })).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    for (const root of ['.\\evil', '\\\\evil\\share', 'C:\\x" & calc', '', 'C:\\Windows\nD:\\', 'D:\\Windows']) {
      expect(() => systemProgram('System32\\icacls.exe', { SystemRoot: root }), root).toThrow(/^SystemRoot is /);
    }
  });
});

// One long-lived powershell.exe reading commands on stdin (`-Command -`), framed so that it also works in
// ConstrainedLanguage. node-powershell frames every command with `[Console]::Out.WriteLine(...)`, a method call on
// a type CLM does not allow ("Method invocation is supported only on core types in this language mode"): under
// AppLocker or WDAC script enforcement the end marker never comes, and every script waits for its timeout.
// Here the end marker is `Write-Output` of a literal (a cmdlet, allowed in every language mode), and the
// command's error stream is folded into stdout (`2>&1`), so one stream carries the whole answer in order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { PsShell } from './powershell-host';

interface SessionOptions {
  executable: string;
  args: string[];
}

/** The text written to stdin for one command: the command, its errors folded into stdout, then the end marker. */
export function frameCommand(command: string, marker: string): string {
  if (/[\r\n]/.test(command)) throw new Error('internal: a session command must be one line');
  if (!/^[A-Za-z0-9-]+$/.test(marker)) throw new Error('internal: bad end marker');
  return `${command} 2>&1\r\nWrite-Output '${marker}'\r\n`;
}

/** The powershell.exe behind the session is gone: the next command needs a new session. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
}

interface Pending {
  marker: string;
  resolve(v: { raw: string; hadErrors: boolean; stderr: string }): void;
  reject(e: Error): void;
}

export function startPowerShellSession(options: SessionOptions): Promise<PsShell> {
  const child: ChildProcessWithoutNullStreams = spawn(options.executable, options.args, { stdio: 'pipe', windowsHide: true });
  let stdout = '';
  let stderr = '';
  let pending: Pending | null = null;
  let exited: Error | null = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const settle = () => {
    if (!pending) return;
    const lines = stdout.split(/\r?\n/);
    const at = lines.findIndex((l) => l.trim() === pending!.marker);
    if (at < 0) return;
    const p = pending;
    pending = null;
    const raw = lines.slice(0, at).join('\n');
    stdout = lines.slice(at + 1).join('\n');
    const err = stderr;
    stderr = '';
    p.resolve({ raw, hadErrors: err.trim() !== '', stderr: err });
  };
  child.stdout.on('data', (d: string) => {
    stdout += d;
    settle();
  });
  child.stderr.on('data', (d: string) => {
    // Bounded: a session that only writes errors must not grow without limit.
    stderr = (stderr + d).slice(-16_384);
  });
  const fail = (e: Error) => {
    exited = e;
    pending?.reject(e);
    pending = null;
  };
  child.on('exit', (code, signal) =>
    fail(
      new SessionEndedError(`PowerShell exited (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim().slice(0, 500)}` : ''}`),
    ),
  );
  return new Promise<PsShell>((resolve, reject) => {
    child.once('error', (e) => {
      fail(e);
      reject(e);
    });
    child.once('spawn', () =>
      resolve({
        invoke(command) {
          if (exited) return Promise.reject(exited);
          if (pending) return Promise.reject(new Error('internal: one command at a time per session'));
          const marker = `RDPDOCTOR-END-${randomBytes(8).toString('hex')}`;
          const framed = frameCommand(command, marker);
          return new Promise((res, rej) => {
            pending = { marker, resolve: res, reject: rej };
            child.stdin.write(framed);
          });
        },
        async dispose() {
          if (exited) return;
          child.stdin.end();
          const timer = setTimeout(() => child.kill(), 2_000);
          await new Promise<void>((r) => child.once('exit', () => r()));
          clearTimeout(timer);
        },
      }),
    );
  });
}

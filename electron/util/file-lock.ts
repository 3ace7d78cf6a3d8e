// An advisory lock file beside a file that several processes change (the simulated host's --state): each
// process reads the whole state, changes it and writes it back, so two at once would lose one's change.
// The lock names its owner's pid; a lock whose process is gone (killed mid-fix) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export class LockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly ownerPid: number | null,
  ) {
    super(`${file} is in use by another RDP Doctor process${ownerPid ? ` (pid ${ownerPid})` : ''}; try again when it has finished`);
    this.name = 'LockBusyError';
  }
}

export interface FileLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockFile: string): { pid: number; token: string } | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  try {
    const owner = JSON.parse(text) as { pid?: unknown; token?: unknown };
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? { pid: owner.pid, token: owner.token } : null;
  } catch {
    return null;
  }
}

function tryCreate(lockFile: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, token, at: new Date().toISOString() }));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Waits up to `timeoutMs` for `${file}.lock`, taking over a lock left by a process that no longer runs. */
export async function acquireFileLock(file: string, timeoutMs = 30_000): Promise<FileLock> {
  const lockFile = `${file}.lock`;
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  let unreadableSince: number | null = null;
  for (;;) {
    if (tryCreate(lockFile, token)) break;
    const owner = readOwner(lockFile);
    if (owner === 'gone') continue;
    if (owner === null) {
      // Being written by its creator right now, or left half-written by a crash: give it a moment first.
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 2_000) removeIf(lockFile, () => readOwner(lockFile) === null);
    } else if (!alive(owner.pid)) {
      removeIf(lockFile, () => {
        const again = readOwner(lockFile);
        return again !== null && again !== 'gone' && again.token === owner.token;
      });
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(file, owner ? owner.pid : null);
    await new Promise((r) => setTimeout(r, 25 + Math.random() * 25));
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const owner = readOwner(lockFile);
      if (owner && owner !== 'gone' && owner.token === token) unlinkSync(lockFile);
    },
  };
}

function removeIf(lockFile: string, stillStale: () => boolean): void {
  // Re-read just before removing: another process may have taken the stale lock over meanwhile.
  if (!stillStale()) return;
  try {
    unlinkSync(lockFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

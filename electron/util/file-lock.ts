// An advisory lock file beside a file that several processes change (the simulated host's --state): each
// process reads the whole state, changes it and writes it back, so two at once would lose one's change.
// The lock names its owner's pid and the machine's boot time, and its holder touches it while it holds it. A lock
// is stale, and taken over, when its process is gone (killed mid-fix), when the machine has restarted since it was
// written (a power loss: after a reboot its pid soon names some other process), or when nobody has touched it for
// STALE_AFTER_MS (its pid now belongs to a process that is not RDP Doctor).
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** A holder touches its lock this often; one untouched for STALE_AFTER_MS has no live holder. */
const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 90_000;
/** Boot times computed from uptime drift by a few seconds (clock adjustments); a restart differs by far more. */
const BOOT_TOLERANCE_MS = 120_000;

export class LockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly ownerPid: number | null,
  ) {
    super(
      `${file} is in use by another process: its lock file ${file}.lock names ${ownerPid ? `pid ${ownerPid}, which is running` : 'no readable process'}. ` +
        `Try again when that RDP Doctor has finished; if no RDP Doctor runs, remove ${file}.lock (an abandoned lock is taken over ${STALE_AFTER_MS / 1000} s after its holder last refreshed it)`,
    );
    this.name = 'LockBusyError';
  }
}

export function bootTime(): number {
  return Date.now() - os.uptime() * 1000;
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

interface Owner {
  pid: number;
  token: string;
  boot: number | null;
}

function readOwner(lockFile: string): Owner | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  try {
    const owner = JSON.parse(text) as { pid?: unknown; token?: unknown; boot?: unknown };
    if (typeof owner.pid !== 'number' || typeof owner.token !== 'string') return null;
    const boot = typeof owner.boot === 'string' ? Date.parse(owner.boot) : NaN;
    return { pid: owner.pid, token: owner.token, boot: Number.isFinite(boot) ? boot : null };
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
    const at = new Date().toISOString();
    writeSync(fd, JSON.stringify({ pid: process.pid, token, at, boot: new Date(bootTime()).toISOString() }));
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
    } else if (stale(lockFile, owner)) {
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
  // A live holder keeps its lock fresh, so only an abandoned one ages past STALE_AFTER_MS.
  const heartbeat = setInterval(() => touch(lockFile), HEARTBEAT_MS);
  heartbeat.unref();
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      const owner = readOwner(lockFile);
      if (owner && owner !== 'gone' && owner.token === token) unlinkSync(lockFile);
    },
  };
}

/** The holder is gone: its pid has exited, the machine restarted since, or it has not touched the lock for long. */
function stale(lockFile: string, owner: Owner): boolean {
  if (!alive(owner.pid)) return true;
  if (owner.boot !== null && Math.abs(owner.boot - bootTime()) > BOOT_TOLERANCE_MS) return true;
  try {
    return Date.now() - statSync(lockFile).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}

function touch(lockFile: string): void {
  try {
    const now = new Date();
    utimesSync(lockFile, now, now);
  } catch {
    // Released or taken over meanwhile: nothing to keep fresh.
  }
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

// The lock's staleness rules, in process: a live holder keeps its lock fresh, so only an abandoned one is taken over.
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireFileLock, LockBusyError } from '../../electron/util/file-lock';
import { tempDir } from '../support/sim';

afterEach(() => {
  vi.useRealTimers();
});

describe('file lock', () => {
  it('a holder refreshes its lock while it works, so a long fix is not taken over as abandoned', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const file = path.join(tempDir(), 'host.json');
    const held = await acquireFileLock(file, 0);
    // As if the holder had been working for ten minutes: its lock file was written long ago...
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(`${file}.lock`, old, old);
    // ...and it has kept refreshing it.
    vi.advanceTimersByTime(15_000);
    await expect(acquireFileLock(file, 0)).rejects.toThrow(LockBusyError);
    held.release();
    const again = await acquireFileLock(file, 0);
    again.release();
  });
});

// A downgrade whose revert time has passed counts as "the automatic revert did not run" only after the revert
// task's own time limit (10 minutes): earlier, the task may still be running (audit4 G16).
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../electron/engine/journal';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

describe('the grace before a revert counts as missed', () => {
  it('false 9 minutes after the revert time, true 11 minutes after', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'n.json');
    const r = await runCli([
      'fix',
      'host.nla',
      '--fix',
      'disable-nla',
      '--yes',
      '--revert-after',
      '1h',
      '--scenario',
      'nla-mismatch',
      '--state',
      state,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const journal = new Journal(path.join(dir, 'n-journal'));
    const id = readdirSync(journal.dir)
      .find((n) => /^\d{8}T\d{6}Z-[0-9a-f]{8}\.json$/.test(n))!
      .replace(/\.json$/, '');
    const entry = journal.read(id).entry!;
    expect(entry.revertAt).not.toBeNull();
    const due = Date.parse(entry.revertAt!);
    expect(journal.read(id, new Date(due + 9 * 60_000)).entry!.revertMissed).toBe(false);
    expect(journal.read(id, new Date(due + 11 * 60_000)).entry!.revertMissed).toBe(true);
  });
});

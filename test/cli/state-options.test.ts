// The CLI's --state, --report and journal options: bad input is refused with exit 2 naming the option, before
// anything runs or is created, and nothing that keeps the host (state file, lock, journal) is overwritten.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const json = (out: string) => JSON.parse(out) as { error?: { code: string; field?: string; message: string } };

describe('--report never overwrites the host (audit F11) and bad folders are bad input (audit F12)', () => {
  it('--report equal to --state, its lock or inside its journal is refused, exit 2; the fix still rolls back', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'co.json');
    const env = { RDP_DOCTOR_HOME: dir };
    expect((await runCli(['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--state', state], { env })).code).toBe(0);
    const kept = readFileSync(state, 'utf8');
    for (const report of [state, `${state}.lock`, path.join(dir, 'co-journal', 'r.json')]) {
      const r = await runCli(['diagnose', '--state', state, '--report', report, '--json'], { env, cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(json(r.stdout).error).toMatchObject({ code: 'bad-input', field: '--report' });
    }
    expect(readFileSync(state, 'utf8')).toBe(kept);
    const rb = await runCli(['rollback', '--last', '--state', state], { env });
    expect(rb.code, rb.stderr).toBe(0);
  });

  it('--report into a missing folder or onto a folder is exit 2 naming --report, before the diagnosis runs', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'd.html'));
    for (const [report, words] of [
      [path.join(dir, 'nope', 'x.html'), /folder .*nope does not exist/],
      [path.join(dir, 'd.html'), /is a folder/],
    ] as const) {
      const r = await runCli(['diagnose', '--scenario', 'healthy', '--report', report, '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(json(r.stdout).error).toMatchObject({ code: 'bad-input', field: '--report' });
      expect(json(r.stdout).error!.message).toMatch(words);
    }
  });
});

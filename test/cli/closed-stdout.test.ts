// `rdp-doctor ... | head -1`: the reader closes the pipe early. The command still finishes (a fix is applied and
// journaled, its lock released) and exits with its own code, without a stack trace.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/cli';
import { tempDir } from '../support/sim';

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, RDP_DOCTOR_SIMULATED: '1' } });
    // The reader is gone before the first line, as with `| head -0`.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  it('diagnose with problems still exits 1, with nothing on stderr about the pipe', async () => {
    const r = await runWithClosedStdout(['diagnose', '--scenario', 'multi-fault']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
  });

  it('a fix is applied, journaled and unlocked, and exits 0 as it would have', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'ep.json');
    const r = await runWithClosedStdout(['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--state', state]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    const journal = readdirSync(path.join(dir, 'ep-journal')).filter((n) => n.endsWith('.json'));
    expect(journal).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'ep-journal', journal[0]!), 'utf8')).state).toBe('applied');
    expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });
});

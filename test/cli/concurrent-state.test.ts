// Two technicians (or two terminals) changing the same --state file at once: each process reads the whole
// simulated host and writes it back, so without the lock one fix is lost while both are journaled as applied.
import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const failing = async (state: string) => {
  const r = await runCli(['diagnose', '--state', state, '--side', 'host', '--json']);
  return JSON.parse(r.stdout)
    .findings.filter((f: { status: string }) => f.status !== 'pass')
    .map((f: { id: string }) => f.id);
};

describe('concurrent CLI processes on one --state file', () => {
  it('two fixes at once both land, and both journal entries roll back', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = tempDir();
      const state = path.join(dir, 'host.json');
      await runCli(['diagnose', '--scenario', 'multi-fault', '--state', state]);
      const before = JSON.parse(readFileSync(state, 'utf8')).state;
      const [a, b] = await Promise.all([
        runCli(['fix', 'host.firewall', '--state', state, '--json']),
        runCli(['fix', 'host.nla', '--yes', '--state', state, '--json']),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(await failing(state)).toEqual(['host.certificate']);
      expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
      for (let i = 0; i < 2; i++) expect((await runCli(['rollback', '--last', '--state', state])).code).toBe(0);
      expect(JSON.parse(readFileSync(state, 'utf8')).state).toEqual(before);
    }
  });

  it('a lock held by a running process makes the second fix wait, then give up naming --state; nothing changes', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    const before = readFileSync(state, 'utf8');
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid, token: 'held-by-test' }));
    const r = await runCli(['fix', 'host.rdp-enabled', '--state', state, '--json'], { env: { RDP_DOCTOR_LOCK_TIMEOUT_MS: '300' } });
    expect(r.code).toBe(2);
    // A conflict, not bad input; the message names the lock file and the pid in it.
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'conflict', field: '--state' });
    expect(r.stderr).toContain(`--state: ${state} is in use by another process: its lock file ${state}.lock names pid ${process.pid}`);
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(readdirSync(path.join(dir, 'host-journal'))).toEqual([]);
  });

  it('a lock left by a killed process is taken over', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, token: 'dead' }));
    const r = await runCli(['fix', 'host.rdp-enabled', '--state', state], { env: { RDP_DOCTOR_LOCK_TIMEOUT_MS: '2000' } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('a lock from before a restart, whose pid now names another live process, is taken over at once', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    // What a power loss leaves: after the reboot the pid belongs to some other running process (here: this test).
    const lock = { pid: process.pid, token: 'before-reboot', at: '2026-11-30T08:00:00Z', boot: '2026-11-30T07:55:00Z' };
    writeFileSync(`${state}.lock`, JSON.stringify(lock));
    const r = await runCli(['fix', 'host.rdp-enabled', '--state', state], { env: { RDP_DOCTOR_LOCK_TIMEOUT_MS: '2000' } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('a lock nobody has refreshed for longer than a holder does, whose pid is alive but not RDP Doctor, is taken over', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid, token: 'old-format-no-boot' }));
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(`${state}.lock`, old, old);
    const r = await runCli(['fix', 'host.rdp-enabled', '--state', state], { env: { RDP_DOCTOR_LOCK_TIMEOUT_MS: '2000' } });
    expect(r.code, r.stderr).toBe(0);
  });

  it.each(['abc', '-1', '1.5', '30s'])('RDP_DOCTOR_LOCK_TIMEOUT_MS=%s is refused naming it, before anything changes', async (value) => {
    const dir = tempDir();
    const state = path.join(dir, 'host.json');
    await runCli(['diagnose', '--scenario', 'rdp-disabled', '--state', state]);
    const before = readFileSync(state, 'utf8');
    const r = await runCli(['fix', 'host.rdp-enabled', '--state', state, '--json'], { env: { RDP_DOCTOR_LOCK_TIMEOUT_MS: value } });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'bad-input', field: 'RDP_DOCTOR_LOCK_TIMEOUT_MS' });
    expect(r.stderr).toMatch(/RDP_DOCTOR_LOCK_TIMEOUT_MS: .* is not a whole number of milliseconds/);
    expect(readFileSync(state, 'utf8')).toBe(before);
  });
});

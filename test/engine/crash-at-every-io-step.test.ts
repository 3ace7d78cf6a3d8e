// Crash safety, proven by fault injection chosen by the test: a real `rdp-doctor fix` process is SIGKILLed at
// every file-system step it takes under its data folder (test/support/kill-at-io.cjs, loaded with --require:
// the lock, each journal write, each write of the simulated host's state, the re-check's writes), a write
// step being killed halfway through its bytes. After each kill:
// - if no journal entry is on disk, the host is exactly as before (nothing changed without a durable snapshot);
// - otherwise `rollback --last` restores the exact prior host state.
// A rollback is killed the same way (a registry and a service fix): a second rollback, or the recorded first,
// leaves the host exactly as before the fix. And from the trace of an uninterrupted fix: the first change to
// the host comes after the journal entry's bytes were fsynced, it was renamed into place AND its folder was
// fsynced (durable across a power cut, not only a process kill).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { entriesIn, fixArgs, injected, readTrace, stateOf, type Step } from '../support/kill-harness';
import { tempDir } from '../support/sim';

// Registry, firewall, service, ACL, security-downgrade and Schannel fixes: every kind of change the host model makes.
const CASES = [
  { scenario: 'rdp-disabled', check: 'host.rdp-enabled', fix: 'enable-rdp' },
  { scenario: 'firewall-blocked', check: 'host.firewall', fix: 'enable-rdp-rules' },
  { scenario: 'service-stopped', check: 'host.service', fix: 'start-rdp-services' },
  { scenario: 'machinekeys-acl', check: 'host.machinekeys', fix: 'take-ownership-repair-machinekeys' },
  { scenario: 'nla-mismatch', check: 'host.nla', fix: 'disable-nla' },
  { scenario: 'tls12-disabled', check: 'host.schannel', fix: 'enable-tls12-server' },
  { scenario: 'security-layer-rdp', check: 'host.security-layer', fix: 'set-negotiate' },
];
type Case = (typeof CASES)[number];

/** A data folder holding the scenario's state file, made by the CLI. */
async function freshHost(c: Case, template?: string): Promise<{ dir: string; state: string }> {
  const dir = tempDir('rdp-doctor-kill-');
  const state = path.join(dir, 'host.json');
  if (template) copyFileSync(template, state);
  else await runCli(['diagnose', '--scenario', c.scenario, '--state', state, '--side', 'host'], { env: { RDP_DOCTOR_HOME: dir } });
  return { dir, state };
}

/** Every I/O step of an uninterrupted fix, in order. */
async function traceOf(c: Case, template: string): Promise<Step[]> {
  const { dir, state } = await freshHost(c, template);
  const trace = path.join(tempDir('rdp-doctor-trace-'), 'trace.tsv');
  const r = await runCli(fixArgs(c, state), { env: injected(dir, { KILL_IO_TRACE: trace }) });
  expect(r.code, r.stderr).toBe(0);
  return readTrace(trace);
}

/** Kills the fix at `step`, then checks the host and the rollback. */
async function killAt(c: Case, template: string, journalDir: string, step: Step): Promise<void> {
  const where = `${c.check}/${c.fix} killed at step ${step.n} (${step.kind} ${step.file})`;
  const { dir, state } = await freshHost(c, template);
  const before = stateOf(state);
  const killed = await runCli(fixArgs(c, state), { env: injected(dir, { KILL_IO_AT: String(step.n) }) });
  expect(killed.signal, `${where}: ${killed.stderr}`).toBe('SIGKILL');
  // A half-written entry is never in place: entries are whole JSON files, or absent.
  const entries = entriesIn(path.join(dir, journalDir));
  if (entries.length === 0) {
    expect(stateOf(state), `${where}: the host changed with no journal entry on disk`).toBe(before);
    return;
  }
  expect(entries, where).toHaveLength(1);
  const rb = await runCli(['rollback', '--last', '--yes', '--state', state, '--json'], { env: { RDP_DOCTOR_HOME: dir } });
  expect(rb.code, `${where}: rollback: ${rb.stdout} ${rb.stderr}`).toBe(0);
  expect(stateOf(state), `${where}: rollback did not restore the exact prior state`).toBe(before);
}

/** Every I/O step of `rollback --last` after an uninterrupted fix. */
async function rollbackTraceOf(c: Case, template: string): Promise<Step[]> {
  const { dir, state } = await freshHost(c, template);
  expect((await runCli(fixArgs(c, state), { env: { RDP_DOCTOR_HOME: dir } })).code).toBe(0);
  const trace = path.join(tempDir('rdp-doctor-trace-'), 'trace.tsv');
  const r = await runCli(['rollback', '--last', '--state', state], { env: injected(dir, { KILL_IO_TRACE: trace }) });
  expect(r.code, r.stderr).toBe(0);
  return readTrace(trace);
}

/** A rollback killed at `step` leaves a host that a second rollback (or the first, if recorded) restores exactly. */
async function killRollbackAt(c: Case, template: string, journalDir: string, step: Step): Promise<void> {
  const where = `rollback of ${c.check}/${c.fix} killed at step ${step.n} (${step.kind} ${step.file})`;
  const { dir, state } = await freshHost(c, template);
  const before = stateOf(state);
  expect((await runCli(fixArgs(c, state), { env: { RDP_DOCTOR_HOME: dir } })).code).toBe(0);
  const killed = await runCli(['rollback', '--last', '--state', state], { env: injected(dir, { KILL_IO_AT: String(step.n) }) });
  expect(killed.signal, `${where}: ${killed.stderr}`).toBe('SIGKILL');
  const [entry] = entriesIn(path.join(dir, journalDir));
  if (entry?.state !== 'rolled-back') {
    const again = await runCli(['rollback', entry!.id, '--state', state, '--json'], { env: { RDP_DOCTOR_HOME: dir } });
    expect(again.code, `${where}: second rollback: ${again.stdout} ${again.stderr}`).toBe(0);
  }
  expect(stateOf(state), `${where}: the host is not exactly as before the fix`).toBe(before);
}

describe('a rollback killed at every I/O step', () => {
  // A registry fix and a service fix (several writes each): the kinds whose rollback is more than one value.
  for (const c of CASES.filter((x) => ['host.rdp-enabled', 'host.service'].includes(x.check))) {
    it(`${c.check} / ${c.fix}: a second rollback restores the exact prior state, at every step`, { timeout: 300_000 }, async () => {
      const { state: template } = await freshHost(c);
      const steps = await rollbackTraceOf(c, template);
      const rename = steps.find((s) => s.kind === 'rename' && /journal/.test(s.file.split(' -> ')[1] ?? ''));
      expect(rename, 'the trace shows the journal entry being updated').toBeDefined();
      const journalDir = path.dirname(rename!.file.split(' -> ')[1]!);
      const queue = [...steps];
      await Promise.all(
        [0, 1].map(async () => {
          for (let s = queue.shift(); s; s = queue.shift()) await killRollbackAt(c, template, journalDir, s);
        }),
      );
    });
  }
});

describe('a fix killed at every I/O step', () => {
  for (const c of CASES) {
    it(`${c.check} / ${c.fix}: the host is unchanged or rolls back exactly, at every step`, { timeout: 300_000 }, async () => {
      const { state: template } = await freshHost(c);
      const steps = await traceOf(c, template);
      const hostWrites = steps.filter((s) => s.kind === 'rename' && /-> host\.json$/.test(s.file));
      const entryRename = steps.find((s) => s.kind === 'rename' && /host-journal|journal/.test(s.file));
      // The injection sees the writes that matter; if not, the test would prove nothing.
      expect(hostWrites.length, 'the trace shows the host state being written').toBeGreaterThan(0);
      expect(entryRename, 'the trace shows the journal entry being written').toBeDefined();
      const [entryTmp, entryFile] = entryRename!.file.split(' -> ') as [string, string];
      const journalDir = path.dirname(entryFile);
      expect(
        steps.some((s) => s.n < entryRename!.n && s.kind === 'fsync' && s.file === entryTmp),
        "the entry's bytes are fsynced before it is renamed into place",
      ).toBe(true);
      const durable = steps.find((s) => s.n > entryRename!.n && s.kind === 'fsync' && s.file === journalDir);
      expect(durable, 'the journal folder is fsynced after the entry is renamed into place').toBeDefined();
      expect(hostWrites[0]!.n, 'the host changes only after the journal entry is durable').toBeGreaterThan(durable!.n);

      const queue = [...steps];
      // Two kills at a time: the machine has two cores.
      await Promise.all(
        [0, 1].map(async () => {
          for (let s = queue.shift(); s; s = queue.shift()) await killAt(c, template, journalDir, s);
        }),
      );
    });
  }
});

// A rollback SIGKILLed part-way, for the five fixes that crash-at-every-io-step.test.ts does not kill during
// rollback: firewall rules, the MachineKeys ACL repair (snapshot files beside the journal), NLA, Schannel and
// the security layer. A real `rdp-doctor rollback` runs with test/support/kill-at-io.cjs preloaded and dies at
// a chosen file-system step; then a second rollback (or the first, if it got as far as recording itself) must
// leave the host exactly as it was before the fix, and the journal must say so.
//
// Kill points: not every step (that suite already walks every step, half-written writes included, of two
// rollbacks), but one per state of the files on disk: about 5 to 8 per fix instead of 18 to 22.
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { entriesIn, fixArgs, injected, readTrace, stateOf, type Step } from '../support/kill-harness';
import { tempDir } from '../support/sim';

const CASES = [
  { scenario: 'firewall-blocked', check: 'host.firewall', fix: 'enable-rdp-rules' },
  { scenario: 'machinekeys-acl', check: 'host.machinekeys', fix: 'take-ownership-repair-machinekeys' },
  { scenario: 'nla-mismatch', check: 'host.nla', fix: 'disable-nla' },
  { scenario: 'tls12-disabled', check: 'host.schannel', fix: 'enable-tls12-server' },
  { scenario: 'security-layer-rdp', check: 'host.security-layer', fix: 'set-negotiate' },
];
type Case = (typeof CASES)[number];

/** A data folder with the scenario's host, and the same host after the fix. */
async function fixedHost(c: Case, template: string): Promise<{ dir: string; state: string; before: string }> {
  const dir = tempDir('rdp-doctor-kill-rb-');
  const state = path.join(dir, 'host.json');
  copyFileSync(template, state);
  const before = stateOf(state);
  const fixed = await runCli(fixArgs(c, state), { env: { RDP_DOCTOR_HOME: dir } });
  expect(fixed.code, fixed.stderr).toBe(0);
  expect(stateOf(state), 'the fix changed the host').not.toBe(before);
  return { dir, state, before };
}

async function rollbackTrace(c: Case, template: string): Promise<Step[]> {
  const { dir, state } = await fixedHost(c, template);
  const trace = path.join(tempDir('rdp-doctor-trace-'), 'trace.tsv');
  const r = await runCli(['rollback', '--last', '--yes', '--state', state], { env: injected(dir, { KILL_IO_TRACE: trace }) });
  expect(r.code, r.stderr).toBe(0);
  return readTrace(trace);
}

/**
 * One kill per durable state the rollback passes through: before its first change on disk, and right after
 * each rename into place or deletion (a kill anywhere between two of these leaves the same files on disk).
 */
function killPoints(steps: Step[]): Step[] {
  const changes = (s: Step | undefined) => s !== undefined && ['rename', 'rm', 'unlink'].includes(s.kind);
  const first = steps.find(changes);
  return steps.filter((s, i) => s === first || changes(steps[i - 1]));
}

async function killRollbackAt(c: Case, template: string, journalDir: string, step: Step): Promise<void> {
  const where = `rollback of ${c.check}/${c.fix} killed at step ${step.n} (${step.kind} ${step.file})`;
  const { dir, state, before } = await fixedHost(c, template);
  const killed = await runCli(['rollback', '--last', '--yes', '--state', state], { env: injected(dir, { KILL_IO_AT: String(step.n) }) });
  expect(killed.signal, `${where}: ${killed.stderr}`).toBe('SIGKILL');
  const [entry, ...more] = entriesIn(path.join(dir, journalDir));
  expect(more, where).toHaveLength(0);
  if (entry?.state !== 'rolled-back') {
    const again = await runCli(['rollback', entry!.id, '--yes', '--state', state, '--json'], { env: { RDP_DOCTOR_HOME: dir } });
    expect(again.code, `${where}: second rollback: ${again.stdout} ${again.stderr}`).toBe(0);
  }
  expect(stateOf(state), `${where}: the host is not exactly as before the fix`).toBe(before);
  expect(entriesIn(path.join(dir, journalDir))[0]?.state, `${where}: the journal entry`).toBe('rolled-back');
}

describe('a rollback killed where its durable state changes', () => {
  for (const c of CASES) {
    it(`${c.check} / ${c.fix}: a second rollback restores the exact prior state`, { timeout: 120_000 }, async () => {
      const template = path.join(tempDir('rdp-doctor-kill-rb-'), 'host.json');
      const made = await runCli(['diagnose', '--scenario', c.scenario, '--state', template, '--side', 'host'], {
        env: { RDP_DOCTOR_HOME: path.dirname(template) },
      });
      expect(existsSync(template), made.stderr).toBe(true);
      const steps = await rollbackTrace(c, template);
      const rename = steps.find((s) => s.kind === 'rename' && /journal/.test(s.file.split(' -> ')[1] ?? ''));
      expect(rename, 'the trace shows the journal entry being updated').toBeDefined();
      const journalDir = path.dirname(rename!.file.split(' -> ')[1]!);
      const points = killPoints(steps);
      expect(steps.filter((s) => /-> host\.json$/.test(s.file)).length, 'the host is written during rollback').toBeGreaterThan(0);
      const queue = [...points];
      // Two kills at a time: the machine has two cores.
      await Promise.all(
        [0, 1].map(async () => {
          for (let s = queue.shift(); s; s = queue.shift()) await killRollbackAt(c, template, journalDir, s);
        }),
      );
    });
  }
});

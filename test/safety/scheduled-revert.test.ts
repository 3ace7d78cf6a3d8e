// The time box of a security downgrade is enforced by the host: a one-time task registered before the change,
// which runs RDP Doctor's validated rollback at its time whether or not any RDP Doctor process is running.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScheduledRevert, runDueReverts } from '../../electron/app/scheduled-reverts';
import { findCheck } from '../../electron/engine/checks';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';
import { runCli } from '../support/cli';
import { formatEntry } from '../../electron/cli/format';
import { tempDir } from '../support/sim';

const T0 = Date.parse('2026-11-21T10:00:00Z');

function clockedSim(scenario: string) {
  const dir = tempDir();
  let now = T0;
  const stateFile = path.join(dir, 'state.json');
  const open = () => SimulatedHost.open({ scenario, stateFile, now: () => new Date(now) });
  const journal = new Journal(path.join(dir, 'state-journal'));
  return { open, journal, stateFile, advance: (ms: number) => (now += ms), ref: { kind: 'simulated' as const, scenario, stateFile } };
}

async function contextOn(host: SimulatedHost) {
  return createContext(host, await host.info(), null, new AbortController().signal);
}

/** host.nla's security downgrade, applied in-process; revertAfterMs undefined is the default time box. */
async function disableNla(sim: ReturnType<typeof clockedSim>, host: SimulatedHost, revertAfterMs?: number | null) {
  const options = revertAfterMs === undefined ? {} : { revertAfterMs };
  return applyFix(findCheck('host.nla')!, 'disable-nla', await contextOn(host), sim.journal, sim.ref, { confirmed: true, ...options });
}

/** `rdp-doctor fix host.nla --fix disable-nla` on the nla-mismatch scenario, keeping its state in `state`. */
function disableNlaCli(state: string, ...more: string[]) {
  return runCli(['fix', 'host.nla', '--fix', 'disable-nla', '--state', state, '--scenario', 'nla-mismatch', ...more]);
}

const freshStateFile = () => path.join(tempDir(), 'state.json');

describe('host-enforced revert of a security downgrade', () => {
  it('the task is on the host before the downgrade; at its time a later process finds it reverted, recorded as the task', async () => {
    const sim = clockedSim('nla-mismatch');
    const host = sim.open();
    const before = canonicalJson(host.state);
    const { entry } = await disableNla(sim, host, 60_000);
    expect(entry.revertAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(host.state.scheduledTasks).toEqual([
      {
        name: `\\RDP Doctor\\Revert ${entry.id}`,
        entryId: entry.id,
        at: entry.revertAt,
        runAs: 'SYSTEM',
        endBoundary: new Date(T0 + 60_000 + 365 * 86_400_000).toISOString(),
      },
    ]);
    // The app is gone; the host lives on. Nothing is due a second early.
    sim.advance(59_000);
    expect(await runDueReverts(sim.open(), sim.journal)).toEqual([]);
    sim.advance(5_000);
    const later = sim.open();
    const [reverted] = await runDueReverts(later, sim.journal);
    expect(reverted).toMatchObject({ id: entry.id, state: 'rolled-back', rolledBackBy: 'scheduled-task', rolledBackAt: entry.revertAt });
    expect(canonicalJson(later.state)).toBe(before);
    expect(canonicalJson(sim.open().state)).toBe(before);
  });

  it('a revert by hand takes the task off the host, and the state equals the state before', async () => {
    const sim = clockedSim('nla-mismatch');
    const host = sim.open();
    const before = canonicalJson(host.state);
    const { entry } = await disableNla(sim, host, 60_000);
    const { rollbackEntry } = await import('../../electron/engine/fixer');
    const r = await rollbackEntry(entry, findCheck('host.nla'), await contextOn(host), sim.journal);
    expect(r.entry.rolledBackBy).toBe('user');
    expect(canonicalJson(host.state)).toBe(before);
  });

  it('"until I revert" registers no task; the default is 15 minutes', async () => {
    const sim = clockedSim('nla-mismatch');
    const host = sim.open();
    const kept = await disableNla(sim, host, null);
    expect(kept.entry.revertAt).toBeNull();
    expect(host.state.scheduledTasks).toEqual([]);
    const sim2 = clockedSim('nla-mismatch');
    const d = await disableNla(sim2, sim2.open());
    expect(d.entry.revertAt).toBe(new Date(T0 + 15 * 60_000).toISOString());
  });

  it('no task, no downgrade: when the host refuses to schedule the revert, nothing is changed', async () => {
    const sim = clockedSim('nla-mismatch');
    const host = sim.open();
    const before = canonicalJson(host.state);
    const run = host.run.bind(host);
    host.run = (script, input, schema, options) =>
      script === 'ops/revert-task'
        ? Promise.reject(new Error('Task Scheduler service is not running'))
        : run(script, input, schema, options);
    await expect(disableNla(sim, host, 60_000)).rejects.toThrow(/could not schedule the automatic revert.*Nothing was changed/);
    expect(canonicalJson(host.state)).toBe(before);
  });

  it('the task runs the same validated rollback: an entry edited to reach outside its fix is refused, and says so', async () => {
    const sim = clockedSim('nla-mismatch');
    const host = sim.open();
    const { entry } = await disableNla(sim, host, 1_000);
    const file = path.join(sim.journal.dir, `${entry.id}.json`);
    const edited = {
      ...JSON.parse(readFileSync(file, 'utf8')),
      snapshot: {
        items: [
          {
            key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService',
            name: 'ImagePath',
            value: { type: 'REG_SZ', data: 'C:\\x.exe' },
          },
        ],
      },
    };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(edited));
    sim.advance(2_000);
    const later = sim.open();
    const after = await runScheduledRevert(later, sim.journal, entry.id, entry.revertAt!);
    expect(after).toMatchObject({ state: 'applied', error: expect.stringMatching(/scheduled revert .* failed: .*ImagePath/) });
    expect(later.state.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService']?.ImagePath?.data).not.toBe('C:\\x.exe');
  });
});

describe('rdp-doctor fix --revert-after', () => {
  it('apply with --revert-after 3s, no process in between, and diagnose finds NLA back on and the entry reverted', async () => {
    const state = freshStateFile();
    const fix = await disableNlaCli(state, '--revert-after', '3s', '--yes', '--json');
    expect(fix.code).toBe(0);
    const applied = JSON.parse(fix.stdout).journalEntry;
    expect(Date.parse(applied.revertAt) - Date.parse(applied.createdAt)).toBeGreaterThanOrEqual(2_900);
    const soon = await runCli(['diagnose', '--state', state, '--side', 'host', '--json']);
    expect(JSON.parse(soon.stdout).findings.find((f: { id: string }) => f.id === 'host.nla').status).toBe('pass');
    await new Promise((r) => setTimeout(r, 3_200));
    const later = await runCli(['diagnose', '--state', state, '--side', 'host', '--json']);
    expect(JSON.parse(later.stdout).findings.find((f: { id: string }) => f.id === 'host.nla').status).toBe('fail');
    expect(later.stderr).toMatch(/scheduled task reverted/);
    const journal = await runCli(['journal', '--state', state, '--json']);
    expect(JSON.parse(journal.stdout).entries[0]).toMatchObject({
      id: applied.id,
      state: 'rolled-back',
      rolledBackBy: 'scheduled-task',
      rolledBackAt: applied.revertAt,
    });
  }, 30_000);

  it.each([['3x'], ['0s'], ['-5m'], ['25h'], ['1.5h'], ['']])(
    '--revert-after %j exits 2 naming the field and changes nothing',
    async (value) => {
      const state = freshStateFile();
      const r = await disableNlaCli(state, '--revert-after', value, '--yes');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--revert-after/);
      const { existsSync } = await import('node:fs');
      expect(existsSync(state)).toBe(false);
    },
  );

  it('"never" needs --yes on top, and then registers no task', async () => {
    const state = freshStateFile();
    const refused = await disableNlaCli(state, '--revert-after', 'never');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--revert-after/);
    const kept = await disableNlaCli(state, '--revert-after', 'never', '--yes', '--json');
    expect(JSON.parse(kept.stdout).journalEntry.revertAt).toBeNull();
    expect(JSON.parse(readFileSync(state, 'utf8')).state.scheduledTasks).toEqual([]);
  });
});

// Audit F13: the task's trigger ends at its EndBoundary; a PC off past it never reverts. The end lies a year out,
// and an entry whose revert time has passed while still applied says so.
describe('a host that was off long after the revert time', () => {
  it('still reverts when it comes back 3 days late (the trigger is still active)', async () => {
    const sim = clockedSim('nla-mismatch');
    const before = canonicalJson(sim.open().state);
    await disableNla(sim, sim.open(), 60_000);
    sim.advance(3 * 86_400_000);
    const [reverted] = await runDueReverts(sim.open(), sim.journal);
    expect(reverted?.state).toBe('rolled-back');
    expect(canonicalJson(sim.open().state)).toBe(before);
    expect(readFileSync(path.join(__dirname, '../../electron/engine/ops/revert-task.ps1'), 'utf8')).toMatch(
      /EndBoundary = \$at\.AddDays\(365\)/,
    );
  });

  it('past the end boundary nothing runs, and the journal says the automatic revert did not run: roll it back now', async () => {
    const sim = clockedSim('nla-mismatch');
    const { entry } = await disableNla(sim, sim.open(), 60_000);
    expect(sim.journal.list(sim.open().now()).entries[0]!.revertMissed).toBe(false);
    sim.advance(400 * 86_400_000);
    const host = sim.open();
    expect(await runDueReverts(host, sim.journal)).toEqual([]);
    const [listed] = sim.journal.list(host.now()).entries;
    expect(listed).toMatchObject({ id: entry.id, state: 'applied', revertMissed: true });
    // What `rdp-doctor journal` prints for it (the CLI judges on the host's clock, as here).
    expect(formatEntry(listed!)).toMatch(/automatic revert did not run \(due .*\): roll it back now/);
    expect(formatEntry(listed!)).not.toMatch(/the host reverts it at/);
  });
});

// Guards of the fix engine that deliberate one-line breakages showed no test held (the mutation pass of the
// third landing): a disabled fix refused before anything is journaled, an administrator's fix not rolled back
// without elevation, "rollback --last" meaning the last fix that can be undone, and the script gate stopping
// the script checks when PowerShell itself cannot start.
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';
import { createContext } from '../../electron/engine/context';
import { runChecks } from '../../electron/engine/runner';
import type { Check } from '../../electron/engine/types';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';

const TARGET = 'ws-acct-042.corp.example';

describe('fix guards', () => {
  it('a fix offered but disabled (needs administrator) is refused as forbidden: no journal entry, no change', async () => {
    const sim = await openSim('rdp-disabled', { elevated: false });
    const before = sim.snapshotState();
    const refused = await sim.fix('host.rdp-enabled', 'enable-rdp').then(
      () => null,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(refused?.code).toBe('forbidden');
    expect(refused?.message).toMatch(/administrator/);
    // Not even a failed entry: the technician's history shows no attempt that never ran.
    expect(sim.journal.list().entries).toEqual([]);
    expect(sim.snapshotState()).toBe(before);
  });

  it('rolling back an administrator’s fix without elevation is refused, and the fix stays in place and undoable', async () => {
    const sim = await openSim('rdp-disabled');
    const { entry } = await sim.fix('host.rdp-enabled', 'enable-rdp');
    sim.host.state.computer.elevated = false;
    const afterFix = sim.snapshotState();
    await expect(sim.rollback(entry.id)).rejects.toThrow(/needs administrator rights/);
    expect(sim.snapshotState()).toBe(afterFix);
    expect(sim.journal.read(entry.id).entry?.state).toBe('applied');
  });

  it('"rollback --last" is the last fix that can be undone: a later irreversible deletion is skipped', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    const history = await sim.fix('client.history', 'clear-stale-history');
    await new Promise((r) => setTimeout(r, 5)); // a later createdAt
    const deletion = await sim.fix('client.saved-credentials', 'delete-stale-credentials');
    expect(deletion.entry.reversible).toBe(false);
    expect(sim.journal.list().entries[0]!.id).toBe(deletion.entry.id);
    expect(sim.journal.last()?.id).toBe(history.entry.id);
  });
});

function gateCheck(collect: () => Promise<unknown>): Check {
  return {
    id: 'host.powershell',
    side: 'host',
    layer: 'information',
    rank: 5,
    title: 'PowerShell on the host',
    reads: '',
    passWhen: '',
    source: '',
    scripts: ['checks/host/powershell/powershell'],
    collect,
    judge: () => ({ status: 'pass', verdict: 'scripts run', evidence: [] }),
    fixes: [],
  };
}

function otherCheck(id: string, scripts: string[], ran: string[]): Check {
  return {
    id,
    side: scripts.length ? 'host' : 'client',
    layer: 'host-configuration',
    rank: 10,
    title: id,
    reads: '',
    passWhen: '',
    source: '',
    scripts,
    collect: () => {
      ran.push(id);
      return Promise.resolve(null);
    },
    judge: () => ({ status: 'pass', verdict: 'ok', evidence: [] }),
    fixes: [],
  };
}

describe('the script gate', () => {
  // The gate errs when PowerShell cannot even start (a missing or blocked powershell.exe): every script check
  // would fail the same way, or wait out its timeout. They are skipped with a pointer; a check without
  // scripts (the client probe) still runs.
  for (const [what, collect, blocks] of [
    ['errs (PowerShell does not start)', () => Promise.reject(new Error('powershell.exe could not be started')), true],
    ['passes', () => Promise.resolve({}), false],
  ] as const) {
    it(`when host.powershell ${what}, script checks are ${blocks ? 'skipped with a pointer' : 'run'}; script-less checks run`, async () => {
      const host = SimulatedHost.open({ scenario: 'healthy' });
      const ctx = createContext(host, await host.info(), null, new AbortController().signal);
      const ran: string[] = [];
      const findings = await runChecks(
        [gateCheck(collect), otherCheck('host.scripted', ['checks/host/os/os'], ran), otherCheck('client.no-scripts', [], ran)],
        ctx,
        { runId: 'gate' },
      );
      const byId = Object.fromEntries(findings.map((f) => [f.id, f]));
      expect(byId['host.powershell']!.status).toBe(blocks ? 'error' : 'pass');
      expect(byId['client.no-scripts']!.status).toBe('pass');
      expect(byId['host.scripted']!.status).toBe(blocks ? 'skipped' : 'pass');
      if (blocks) expect(byId['host.scripted']!.verdict).toMatch(/see host\.powershell \(error\)/);
      expect(ran.sort()).toEqual(blocks ? ['client.no-scripts'] : ['client.no-scripts', 'host.scripted']);
    });
  }
});

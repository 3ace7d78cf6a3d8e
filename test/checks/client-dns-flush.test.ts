// client.dns's fix: flush this PC's DNS cache (ipconfig /flushdns, /registerdns). It is offered only when name
// resolution is in doubt, needs confirmation (nothing to roll back), and empties the modelled cache.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { applyFix, rollbackEntry } from '../../electron/engine/fixer';
import { findCheck } from '../../electron/engine/checks';
import { Journal } from '../../electron/engine/journal';
import { runProbe } from '../../electron/probe';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { closedPort } from '../support/fake-peers';
import { tempDir } from '../support/sim';
import path from 'node:path';

/** A real probe of a closed loopback port, with the name-resolution layer marked as failing. */
async function contextWithDnsTrouble(sim: SimulatedHost) {
  const port = await closedPort();
  const target = { host: '127.0.0.1', port };
  const report = await runProbe(target, { timeoutMs: 500 });
  report.findings.unshift({ layer: 'dns', status: 'fail', text: 'The name resolved to different addresses twice in a row' });
  const ctx = createContext(sim, await sim.info(), target, new AbortController().signal);
  await ctx.memo('probe', async () => report);
  return ctx;
}

describe('client.dns flush-dns', () => {
  it('is offered on a DNS problem, needs confirmation, empties the cache and cannot be rolled back', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    expect(Object.keys(sim.state.dnsCache).length).toBeGreaterThan(0);
    const ctx = await contextWithDnsTrouble(sim);
    const check = findCheck('client.dns')!;
    const { finding } = await evaluate(check, ctx);
    expect(finding.status).toBe('fail');
    expect(finding.fixes).toMatchObject([{ id: 'flush-dns', reversible: false, needsAdmin: true }]);
    const journal = new Journal(path.join(tempDir(), 'journal'));
    const ref = { kind: 'simulated' as const, scenario: 'healthy', stateFile: null };
    await expect(applyFix(check, 'flush-dns', ctx, journal, ref, { confirmed: false })).rejects.toThrow(/cannot be undone/);
    expect(Object.keys(sim.state.dnsCache).length).toBeGreaterThan(0);
    const { entry } = await applyFix(check, 'flush-dns', ctx, journal, ref, { confirmed: true });
    expect(sim.state.dnsCache).toEqual({});
    expect(entry.changes[0]?.before).toMatch(/2 cached record\(s\): fileserver\.corp\.example, ws-acct-042\.corp\.example/);
    await expect(rollbackEntry(entry, check, ctx, journal)).rejects.toThrow(/cannot be undone/);
  });

  it('is not offered when names resolve cleanly, and is refused without elevation', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    sim.state.computer.elevated = false;
    const ctx = await contextWithDnsTrouble(sim);
    const { finding } = await evaluate(findCheck('client.dns')!, ctx);
    expect(finding.fixes[0]?.disabledReason).toMatch(/administrator/);
    const clean = createContext(sim, await sim.info(), { host: '127.0.0.1', port: 1 }, new AbortController().signal);
    await clean.memo('probe', async () => runProbe({ host: '127.0.0.1', port: await closedPort() }, { timeoutMs: 500 }));
    const ok = await evaluate(findCheck('client.dns')!, clean);
    expect(ok.finding.status).not.toBe('fail');
    expect(ok.finding.fixes).toEqual([]);
  });

  it('is not offered for a name that neither the resolver nor DNS knows: a flush cannot make it exist', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const ctx = await contextWithDnsTrouble(sim);
    const report = await ctx.memo('probe', async () => null as never);
    const none = { addresses: [], ms: 1, error: 'ENOTFOUND' };
    (report as { layers: { dns: unknown } }).layers.dns = {
      name: 'no-such-pc',
      isIp: false,
      lookup: none,
      repeat: none,
      a: none,
      aaaa: none,
      consistent: true,
    };
    const { finding } = await evaluate(findCheck('client.dns')!, ctx);
    expect(finding.status).toBe('fail');
    expect(finding.fixes).toEqual([]);
  });
});

// A client check that reads Windows state reads the simulated model off Windows: its verdict says so.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { findCheck } from '../../electron/engine/checks';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';

describe('client checks on a simulated host', () => {
  it('say that they read the simulated PC, not this computer; host checks and probe checks do not', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const ctx = createContext(sim, await sim.info(), null, new AbortController().signal);
    for (const id of ['client.saved-credentials', 'client.history', 'client.security-software']) {
      const { finding } = await evaluate(findCheck(id)!, ctx);
      expect(finding.verdict, id).toMatch(/Simulated: read from the simulated Windows PC, not from this computer/);
    }
    const host = await evaluate(findCheck('host.rdp-enabled')!, ctx);
    expect(host.finding.verdict).not.toMatch(/Simulated/);
    const probe = await evaluate(findCheck('client.tcp')!, ctx);
    expect(probe.finding.verdict).not.toMatch(/Simulated/);
  });
});

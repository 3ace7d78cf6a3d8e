// A whole diagnosis reaches a remote host in one round trip: the reads whose input depends on another read
// (the port PortNumber names, the LanAdapter, the custom certificate's binding) travel in the same batch and
// take their values on the host. Every scenario gives the same findings as the staged way, where the engine
// waits for each first read and sends the dependent one in a later round trip.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../electron/engine/checks';
import type { Finding, Json } from '../../shared/model';
import { applyDerived, pickDerived } from '../../electron/hosts/derived-input';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { scenariosRoot } from '../../electron/paths';
import { diagnoseAcross } from '../../electron/reach/diagnose-remote';
import { RemoteHost } from '../../electron/reach/remote-host';
import { SimulatedLink } from '../../electron/reach/simulated/sim-link';

const hostChecks = allChecks.filter((c) => c.side === 'host');
const local = SimulatedHost.open({ scenario: 'healthy' });
/**
 * Scenarios whose session opens and answers host-info (winrm-off and access-denied never get that far; a
 * constrained session refuses host-info itself: remote-fix.test.ts covers it).
 */
const scenarios = readdirSync(scenariosRoot())
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .filter((s) => !['winrm-off', 'winrm-access-denied', 'powershell-constrained'].includes(s));

/** Each simulated host's clock starts when it opens: event times differ by a millisecond between the two runs. */
const untimed = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');
const view = (f: Finding) => ({
  id: f.id,
  status: f.status,
  verdict: untimed(f.verdict),
  fixes: f.fixes.map((x) => x.id),
  evidence: untimed(JSON.stringify(f.evidence)),
});

async function diagnose(scenario: string, staged: boolean) {
  const link = new SimulatedLink(0);
  link.add({ name: 'pc-042', scenario });
  const host = new RemoteHost(link.transport('pc-042'));
  // The staged way: without runDependent the engine runs a dependent read after the read it depends on.
  if (staged) Object.assign(host, { runDependent: undefined });
  await host.info();
  const before = link.roundTrips;
  const { diagnosis } = await diagnoseAcross(hostChecks, { local, remote: host }, null);
  await host.close();
  return { findings: diagnosis.findings.map(view), trips: link.roundTrips - before };
}

describe('one round trip per host for a diagnosis', () => {
  it('a diagnosis of one host is one batch, with every host check answered', async () => {
    const { findings, trips } = await diagnose('multi-fault', false);
    expect(trips).toBe(1);
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(hostChecks.map((c) => c.id));
  });

  it.each(scenarios)('%s: the same findings in one round trip as staged', async (scenario) => {
    const [one, staged] = await Promise.all([diagnose(scenario, false), diagnose(scenario, true)]);
    expect(one.trips).toBe(1);
    expect(staged.trips).toBeGreaterThanOrEqual(one.trips);
    expect(one.findings).toEqual(staged.findings);
  });

  it('a derived value takes its fallback when the earlier answer lacks it or has another type', () => {
    const rule = { into: ['port'], pick: ['values', 0, 'data'], type: 'number' as const, fallback: 3389 };
    expect(pickDerived({ values: [{ data: 3390 }] }, rule)).toBe(3390);
    expect(pickDerived({ values: [{ data: '3390' }] }, rule)).toBe(3389);
    expect(pickDerived({ values: [] }, rule)).toBe(3389);
    expect(pickDerived({ error: { message: 'x' } }, rule)).toBe(3389);
    const input: { stores: { store: string; thumbprints?: string[] }[] } = {
      stores: [{ store: 'Remote Desktop' }, { store: 'My', thumbprints: ['-'] }],
    };
    const thumb = { into: ['stores', 1, 'thumbprints', 0], pick: ['values', 0, 'data'], type: 'string' as const, fallback: '-' };
    expect(applyDerived(input as Json, [thumb], { values: [{ data: 'AB12' }] })).toEqual({
      stores: [{ store: 'Remote Desktop' }, { store: 'My', thumbprints: ['AB12'] }],
    });
    expect(input.stores[1]!.thumbprints).toEqual(['-']);
    expect(() => applyDerived(input as Json, [{ ...thumb, into: ['nope', 0] }], {})).toThrow(/not a field/);
  });
});

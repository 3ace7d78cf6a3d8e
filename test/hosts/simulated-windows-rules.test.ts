// Two Windows rules the simulator must keep, because the fixes' behaviour depends on them and no scenario
// exercised them: a Disabled service cannot be started (Start-Service fails; the fix must set the start type
// first), and a firewall rule delivered by Group Policy cannot be changed in the local store (Set-NetFirewallRule
// on it fails; a local edit would be reverted at the next policy refresh anyway).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';

const RULE_TCP = 'RemoteDesktop-UserMode-In-TCP';

describe('the simulated Windows refuses what Windows refuses', () => {
  it('Start-Service on a Disabled service fails and starts nothing', async () => {
    const host = SimulatedHost.open({ scenario: 'healthy' });
    Object.assign(host.state.services.TermService!, { status: 'Stopped', startType: 'Disabled', processId: null });
    const before = canonicalJson(host.state);
    await expect(host.run('ops/service-control', { name: 'TermService', action: 'start' }, z.unknown())).rejects.toThrow(
      /cannot be started because it is disabled/,
    );
    expect(canonicalJson(host.state)).toBe(before);
    // The documented way: set the start type, then start.
    await host.run('ops/service-control', { name: 'TermService', action: 'set-start-type', startType: 'Manual' }, z.unknown());
    await host.run('ops/service-control', { name: 'TermService', action: 'start' }, z.unknown());
    expect(host.state.services.TermService!.status).toBe('Running');
  });

  it('enabling a Group Policy firewall rule locally fails and changes nothing; a local rule is enabled', async () => {
    const host = SimulatedHost.open({ scenario: 'healthy' });
    Object.assign(host.state.firewall.rules[RULE_TCP]!, { enabled: false, policyStore: 'GroupPolicy' });
    const before = canonicalJson(host.state);
    await expect(host.run('ops/firewall-rules-set', { rules: [{ name: RULE_TCP, enabled: true }] }, z.unknown())).rejects.toThrow(
      /Group Policy/,
    );
    expect(canonicalJson(host.state)).toBe(before);
    host.state.firewall.rules[RULE_TCP]!.policyStore = 'Local';
    await host.run('ops/firewall-rules-set', { rules: [{ name: RULE_TCP, enabled: true }] }, z.unknown());
    expect(host.state.firewall.rules[RULE_TCP]!.enabled).toBe(true);
  });
});

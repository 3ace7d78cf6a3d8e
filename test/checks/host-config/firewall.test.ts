import { describe, expect, it } from 'vitest';
import { fixRoundTrip, openSim } from '../../support/sim';
import { expectNeedsAdmin, roundTripOn } from './helpers';

const TCP = 'RemoteDesktop-UserMode-In-TCP';
const UDP = 'RemoteDesktop-UserMode-In-UDP';

describe('host.firewall', () => {
  it('passes on a healthy host', async () => {
    expect((await (await openSim('healthy')).check('host.firewall')).status).toBe('pass');
  });

  it('fails on firewall-blocked; enabling the rules passes; rollback restores each rule as it was', async () => {
    const r = await fixRoundTrip('firewall-blocked', 'host.firewall', 'enable-rdp-rules');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.applied.entry.changes.map((c) => c.what)).toEqual([`Firewall rule ${TCP}`, `Firewall rule ${UDP}`]);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('rollback restores per rule: a rule that was already enabled stays enabled', async () => {
    const sim = await openSim('healthy');
    sim.host.state.firewall.rules[UDP]!.enabled = false;
    const r = await roundTripOn(sim, 'host.firewall', 'enable-rdp-rules');
    expect(r.findingBefore.status).toBe('warn');
    expect(r.applied.entry.snapshot).toEqual({ rules: [{ name: UDP, enabled: false }] });
    expect(r.applied.finding.status).toBe('pass');
    expect(sim.host.state.firewall.rules[TCP]!.enabled).toBe(true);
    expect(sim.host.state.firewall.rules[UDP]!.enabled).toBe(false);
    expect(r.afterRollback).toEqual(r.before);
  });

  it('reports a block rule for the port and never deletes it', async () => {
    const sim = await openSim('healthy');
    sim.host.state.firewall.rules['Block-Inbound-3389'] = {
      displayName: 'Block RDP (hardening)',
      group: '',
      enabled: true,
      direction: 'Inbound',
      action: 'Block',
      protocol: 'TCP',
      localPort: '3389',
      profile: 'Domain, Private',
    };
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/Block-Inbound-3389/);
    expect(f.fixes).toEqual([]);
    expect(f.evidence.some((e) => e.label === 'Block rule Block-Inbound-3389')).toBe(true);
  });

  it('fails, pointing at host.port, when the enabled rule opens 3389 but RDP listens on 3390 (port-mismatch)', async () => {
    // It used to say "Windows Firewall allows Remote Desktop on port 3390" while the firewall dropped 3390.
    const sim = await openSim('port-mismatch');
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/opens port 3389, but Remote Desktop listens on 3390/);
    expect(f.related).toEqual(['host.port']);
    expect(f.fixes).toEqual([]);
    const port = await sim.check('host.port');
    expect(port.related).toEqual([]);
    // An enabled custom rule for the new port is enough.
    sim.host.state.firewall.rules['RDP-Custom-3390'] = {
      displayName: 'RDP 3390',
      group: '',
      enabled: true,
      direction: 'Inbound',
      action: 'Allow',
      protocol: 'TCP',
      localPort: '3390',
      profile: 'Any',
    };
    expect((await sim.check('host.firewall')).status).toBe('pass');
  });

  it('ignores a block rule for another profile', async () => {
    const sim = await openSim('healthy');
    sim.host.state.firewall.rules['Block-Public'] = {
      displayName: 'Block all (public)',
      group: '',
      enabled: true,
      direction: 'Inbound',
      action: 'Block',
      protocol: 'Any',
      localPort: 'Any',
      profile: 'Public',
    };
    expect((await sim.check('host.firewall')).status).toBe('pass');
  });

  it('names the policy and offers no local fix when Group Policy disables the rule', async () => {
    const sim = await openSim('firewall-blocked');
    sim.host.state.firewall.rules[TCP]!.policyStore = 'GroupPolicy';
    sim.host.state.firewall.rules[UDP]!.policyStore = 'GroupPolicy';
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.policy).toMatch(/Windows Defender Firewall/);
    expect(f.fixes).toEqual([]);
  });

  it('a rule for another profile than the active one is not enough', async () => {
    const sim = await openSim('healthy');
    sim.host.state.firewall.activeProfiles = ['Public'];
    sim.host.state.firewall.rules[TCP]!.profile = 'Domain, Private';
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/Public network/);
  });

  it('passes when the firewall is off for the active profile', async () => {
    const sim = await openSim('firewall-blocked');
    sim.host.state.firewall.profiles.Domain!.enabled = false;
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/off/);
  });

  it('disables the fix with the reason when not elevated', async () => {
    await expectNeedsAdmin(await openSim('firewall-blocked', { elevated: false }), 'host.firewall', 'enable-rdp-rules');
  });
});

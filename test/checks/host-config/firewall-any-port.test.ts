// host.firewall and an enabled inbound allow rule for any port (LocalPort Any), such as "allow all from the
// management subnet": Windows lets RDP in through it when no block rule covers the port, so a disabled Remote
// Desktop rule is a warning naming that rule, not "the firewall drops connections".
import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';
import type { FirewallRule } from '../../../electron/hosts/simulated/state';

const MGMT = 'MGMT-Allow-All-Inbound';
const allowAll = (over: Partial<FirewallRule> = {}): FirewallRule => ({
  displayName: 'Management: allow all inbound',
  group: '',
  enabled: true,
  direction: 'Inbound',
  action: 'Allow',
  protocol: 'Any',
  localPort: 'Any',
  profile: 'Any',
  ...over,
});

async function blockedWith(rule: FirewallRule) {
  const sim = await openSim('firewall-blocked');
  sim.host.state.firewall.rules[MGMT] = rule;
  return { sim, finding: await sim.check('host.firewall') };
}

describe('host.firewall: an allow rule for any port', () => {
  it('lets RDP in although the Remote Desktop rule is disabled: a warning naming the rule, enabling stays offered', async () => {
    const { finding } = await blockedWith(allowAll());
    expect(finding.status).toBe('warn');
    expect(finding.verdict).toMatch(
      /let in by "Management: allow all inbound" \(MGMT-Allow-All-Inbound\), not by the Remote Desktop \(TCP-In\) rule, which is disabled/,
    );
    expect(finding.evidence.find((e) => e.label === `Allow rule ${MGMT}`)?.value).toMatch(/Any Any, remote Any/);
    expect(finding.fixes.map((f) => f.id)).toEqual(['enable-rdp-rules']);
  });

  it.each([
    ['disabled', { enabled: false }],
    ['UDP only', { protocol: 'UDP' }],
    ['for another program', { program: 'C:\\Program Files\\App\\app.exe' }],
    ['outbound', { direction: 'Outbound' }],
  ] as [string, Partial<FirewallRule>][])('an allow-all rule %s does not: the firewall drops RDP', async (_name, over) => {
    const { finding } = await blockedWith(allowAll(over));
    expect(finding.status).toBe('fail');
    expect(finding.verdict).toMatch(/disabled, so the firewall drops connections to port 3389/);
  });

  it('a block rule for the port still wins over the allow-all rule', async () => {
    const { sim } = await blockedWith(allowAll());
    sim.host.state.firewall.rules['Block-3389'] = allowAll({
      displayName: 'Block RDP',
      action: 'Block',
      protocol: 'TCP',
      localPort: '3389',
    });
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/block rule covers port 3389/);
  });
});

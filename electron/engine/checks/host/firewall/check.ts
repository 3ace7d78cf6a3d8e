// host.firewall: the "Remote Desktop" rules (by Name, so a German or French Windows matches too) are enabled
// for the profile of the connected network, and no inbound block rule covers the RDP port. The fix enables
// the rules; a block rule is reported, never deleted, since someone put it there on purpose.
import type { Json } from '../../../../../shared/model';
import type { Check, CheckContext, Fix, Judgement } from '../../../types';
import {
  anyRemote,
  firewallFilters,
  matchesTermService,
  portCovers,
  protocolCovers,
  firewallReadCall,
  ruleAppliesTo,
  setFirewallRules,
  type FirewallRuleView,
  type FirewallView,
} from '../../../ops/firewall';
import { fromRegistry, readRegistryThen } from '../../../ops/registry';
import { FIREWALL_GROUP_RDP, RDP_TCP_KEY } from '../../../windows-paths';

const DEFAULT_RDP_PORT = 3389;
export const RDP_RULE_TCP = 'RemoteDesktop-UserMode-In-TCP';
export const RDP_RULE_UDP = 'RemoteDesktop-UserMode-In-UDP';
export const POLICY_FIREWALL =
  'Computer Configuration > Windows Settings > Security Settings > Windows Defender Firewall with Advanced Security > Inbound Rules (in the GPO that deploys the rule)';

export interface FirewallData {
  port: number;
  view: FirewallView;
}

/** The listening port and the firewall rules that concern it; host.port reads the same. */
export async function collectFirewall(ctx: CheckContext): Promise<FirewallData> {
  // The rules are read for the port PortNumber names: on a remote host both reads travel in one round trip.
  const [[portRead], view] = await readRegistryThen(ctx, [{ key: RDP_TCP_KEY, name: 'PortNumber' }], {
    ...firewallReadCall({ names: [RDP_RULE_TCP, RDP_RULE_UDP], group: FIREWALL_GROUP_RDP, port: DEFAULT_RDP_PORT }),
    derive: [fromRegistry(0, ['port'], 'number', DEFAULT_RDP_PORT)],
  });
  const port = portRead?.exists && typeof portRead.data === 'number' ? portRead.data : DEFAULT_RDP_PORT;
  return { port, view };
}

const byName = (view: FirewallView, name: string) => view.rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
const inbound = (r: FirewallRuleView) => r.direction === 'Inbound';
const effective = (r: FirewallRuleView | undefined, view: FirewallView): boolean =>
  !!r && r.enabled && ruleAppliesTo(r, view.activeProfiles);
const describe = (r: FirewallRuleView) => `"${r.displayName}" (${r.name})`;

export function blockRules({ port, view }: FirewallData): FirewallRuleView[] {
  return view.rules.filter(
    (r) =>
      r.enabled &&
      inbound(r) &&
      r.action === 'Block' &&
      protocolCovers(r.protocol, 'TCP') &&
      portCovers(r.localPort, port) &&
      ruleAppliesTo(r, view.activeProfiles),
  );
}

/** Disabled Remote Desktop rules this app may enable (a Group Policy rule would be reverted). */
function rulesToEnable(view: FirewallView): FirewallRuleView[] {
  return [RDP_RULE_TCP, RDP_RULE_UDP]
    .map((n) => byName(view, n))
    .filter((r): r is FirewallRuleView => !!r && !r.enabled && r.policyStore !== 'GroupPolicy');
}

interface RulesSnapshot {
  [key: string]: Json;
  rules: { name: string; enabled: boolean }[];
}

const enableRdpRules: Fix<FirewallData, RulesSnapshot> = {
  id: 'enable-rdp-rules',
  title: 'Enable the Remote Desktop firewall rules',
  touches: { shape: 'firewall-rules', firewallRules: [RDP_RULE_TCP, RDP_RULE_UDP] },
  description: `Runs Enable-NetFirewallRule -Name on ${RDP_RULE_TCP} and ${RDP_RULE_UDP} where they are disabled.`,
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: false,
  async snapshot(_ctx, data) {
    return { rules: rulesToEnable(data.view).map((r) => ({ name: r.name, enabled: r.enabled })) };
  },
  plan(snapshot, _ctx, data) {
    const notFor = rulesToEnable(data.view).filter((r) => !ruleAppliesTo(r, data.view.activeProfiles));
    return {
      changes: snapshot.rules.map((r) => ({
        what: `Firewall rule ${r.name}`,
        before: r.enabled ? 'enabled' : 'disabled',
        after: 'enabled',
      })),
      warnings: notFor.map(
        (r) => `${describe(r)} applies to the ${r.profile} profile only, not to the active ${data.view.activeProfiles.join(', ')} profile.`,
      ),
    };
  },
  async apply(ctx, snapshot) {
    await setFirewallRules(
      ctx,
      snapshot.rules.map((r) => ({ name: r.name, enabled: true })),
    );
  },
  async rollback(ctx, snapshot) {
    await setFirewallRules(
      ctx,
      snapshot.rules.map((r) => ({ name: r.name, enabled: r.enabled })),
    );
  },
};

/**
 * An enabled allow rule still misses clients it does not match: a remote-address filter (LocalSubnet, a range)
 * drops a client from another subnet or over VPN, and a program or service filter other than TermService's
 * (svchost.exe, termservice) does not match RDP traffic at all.
 */
function scopeProblem({ port, view }: FirewallData, tcp: FirewallRuleView | undefined): Omit<Judgement, 'evidence'> | null {
  const allows = view.rules.filter(
    (r) => effective(r, view) && inbound(r) && r.action === 'Allow' && protocolCovers(r.protocol, 'TCP') && portCovers(r.localPort, port),
  );
  if (allows.some((r) => anyRemote(r) && matchesTermService(r))) return null;
  const forService = allows.filter((r) => matchesTermService(r));
  if (forService.length === 0) {
    const r = tcp && allows.includes(tcp) ? tcp : allows[0];
    if (!r) return null;
    return {
      status: 'fail',
      verdict: `${describe(r)} is limited to program "${r.program}" and service "${r.service}", which is not Remote Desktop (svchost.exe hosting termservice), so it does not let RDP connections in.`,
      fixes: [],
    };
  }
  const limits = [...new Set(forService.map((r) => r.remoteAddress))].join('; ');
  return {
    status: 'warn',
    verdict: `Remote Desktop is allowed only from ${limits}: a client on another subnet (or over VPN) is dropped by the firewall. Widen the rule's remote addresses in Windows Defender Firewall if such clients must connect.`,
    fixes: [],
  };
}

function judgeFirewall(data: FirewallData): Judgement {
  const { port, view } = data;
  const tcp = byName(view, RDP_RULE_TCP);
  const udp = byName(view, RDP_RULE_UDP);
  const state = (r: FirewallRuleView | undefined) =>
    r
      ? `${r.enabled ? 'enabled' : 'disabled'}, ${r.action}, ${r.protocol} ${r.localPort}, profile ${r.profile}${r.policyStore === 'GroupPolicy' ? ', set by Group Policy' : ''}`
      : '(missing)';
  const blocks = blockRules(data);
  const evidence = [
    { label: 'Active network profiles', value: view.activeProfiles.join(', ') || '(none)', source: 'Get-NetConnectionProfile' },
    {
      label: 'Firewall profiles',
      value: view.profiles.map((p) => `${p.name}: ${p.enabled ? 'on' : 'off'}`).join(', '),
      source: 'Get-NetFirewallProfile',
    },
    { label: RDP_RULE_TCP, value: state(tcp), source: 'Get-NetFirewallRule' },
    { label: RDP_RULE_UDP, value: state(udp), source: 'Get-NetFirewallRule' },
    ...(tcp
      ? [
          {
            label: `${RDP_RULE_TCP} scope`,
            value: `remote ${tcp.remoteAddress}; program ${tcp.program}; service ${tcp.service}`,
            source: 'Get-NetFirewallAddressFilter, -ApplicationFilter, -ServiceFilter',
          },
        ]
      : []),
    ...blocks.map((r) => ({
      label: `Block rule ${r.name}`,
      value: `${r.displayName}: ${r.protocol} ${r.localPort}, profile ${r.profile}`,
      source: 'Get-NetFirewallRule',
    })),
  ];
  if (!firewallFilters(view)) {
    return {
      status: 'pass',
      verdict: 'Windows Firewall is off for the active network profile, so it does not filter Remote Desktop.',
      evidence,
    };
  }
  const enable = rulesToEnable(view).length > 0 ? ['enable-rdp-rules'] : [];
  if (blocks.length > 0) {
    return {
      status: 'fail',
      verdict: `An inbound block rule covers port ${port} and wins over every allow rule: ${blocks.map(describe).join(', ')}. RDP Doctor does not delete it; remove or narrow it in Windows Defender Firewall (or in the policy that deploys it).`,
      evidence,
      fixes: enable,
    };
  }
  // Another enabled allow rule lets RDP in: one naming the port, or an allow-all rule (LocalPort Any, e.g. for a
  // management subnet) whose program and service filters match TermService. Any matching allow rule admits a
  // connection no block rule covers (Windows Defender Firewall rule precedence).
  const others = view.rules.filter(
    (r) =>
      r.name !== RDP_RULE_TCP &&
      effective(r, view) &&
      inbound(r) &&
      r.action === 'Allow' &&
      protocolCovers(r.protocol, 'TCP') &&
      (portCovers(r.localPort, port, { anyCovers: false }) || (portCovers(r.localPort, port) && matchesTermService(r))),
  );
  const otherAllow = others.length > 0;
  if (!effective(tcp, view) && !otherAllow) {
    if (!tcp) {
      return {
        status: 'fail',
        verdict: `The Remote Desktop (TCP-In) firewall rule is missing and no other rule allows port ${port}. Turning "Remote Desktop" off and on in Settings recreates it.`,
        evidence,
        fixes: [],
      };
    }
    if (!tcp.enabled && tcp.policyStore === 'GroupPolicy') {
      return {
        status: 'fail',
        verdict: 'Group Policy disables the Remote Desktop (TCP-In) firewall rule; a local change would be reverted.',
        evidence,
        policy: POLICY_FIREWALL,
        fixes: [],
      };
    }
    if (!tcp.enabled) {
      return {
        status: 'fail',
        verdict: `The Remote Desktop (TCP-In) firewall rule is disabled, so the firewall drops connections to port ${port}.`,
        evidence,
        fixes: enable,
      };
    }
    return {
      status: 'fail',
      verdict: `The Remote Desktop (TCP-In) rule applies to the ${tcp.profile} profile, but this PC is on a ${view.activeProfiles.join(', ')} network. Change the network's profile or the rule's profiles in Windows Defender Firewall.`,
      evidence,
      fixes: [],
    };
  }
  // The built-in rule opens 3389 only: after PortNumber moves, the firewall drops the new port although the rule is on.
  if (!otherAllow && tcp && !portCovers(tcp.localPort, port)) {
    return {
      status: 'fail',
      verdict: `The Remote Desktop (TCP-In) rule opens port ${tcp.localPort}, but Remote Desktop listens on ${port}, so the firewall drops connections to port ${port}. Change the rule's local port to ${port} or add an allow rule for it (see host.port).`,
      evidence,
      related: ['host.port'],
      fixes: [],
    };
  }
  const scoped = scopeProblem(data, tcp);
  if (scoped) return { ...scoped, evidence };
  // Only an allow-all rule lets RDP in (a rule naming the port is a deliberate replacement of the built-in one).
  if (!effective(tcp, view) && !others.some((r) => portCovers(r.localPort, port, { anyCovers: false }))) {
    return {
      status: 'warn',
      verdict: `Remote Desktop on port ${port} is let in by ${others.map(describe).join(', ')}, not by the Remote Desktop (TCP-In) rule, which is ${tcp ? (tcp.enabled ? `limited to the ${tcp.profile} profile` : 'disabled') : 'missing'}: if that rule goes, RDP is dropped.`,
      evidence: [
        ...evidence,
        ...others.map((r) => ({
          label: `Allow rule ${r.name}`,
          value: `${r.displayName}: ${r.protocol} ${r.localPort}, remote ${r.remoteAddress}, profile ${r.profile}`,
          source: 'Get-NetFirewallRule',
        })),
      ],
      fixes: enable,
    };
  }
  if (!effective(udp, view)) {
    return {
      status: 'warn',
      verdict:
        'Remote Desktop over TCP is allowed, but the UDP rule is off or missing: sessions fall back to TCP, which is slower on lossy links.',
      evidence,
      fixes: udp && !udp.enabled && udp.policyStore !== 'GroupPolicy' ? enable : [],
    };
  }
  return { status: 'pass', verdict: `Windows Firewall allows Remote Desktop on port ${port} for the active network profile.`, evidence };
}

export const check: Check<FirewallData> = {
  id: 'host.firewall',
  side: 'host',
  layer: 'host-configuration',
  rank: 30,
  title: 'Windows Firewall allows Remote Desktop',
  reads: `Firewall profiles and the active network profile; rules ${RDP_RULE_TCP}, ${RDP_RULE_UDP} and group ${FIREWALL_GROUP_RDP}; inbound allow rules naming the RDP port or any port (LocalPort Any); inbound block rules covering the RDP port`,
  passWhen: 'the Remote Desktop rules are enabled for the active profile and no block rule covers the port',
  source: 'all three',
  scripts: ['ops/registry-read', 'ops/firewall-rules-read'],
  collect: collectFirewall,
  judge: judgeFirewall,
  fixes: [enableRdpRules],
};

// Windows Firewall reads and rule toggles through ops/firewall-rules-read.ps1 and ops/firewall-rules-set.ps1.
// Rules are named by their language-neutral Name (RemoteDesktop-UserMode-In-TCP) or group resource string,
// never by display name, which Windows translates.
import { z } from 'zod';
import type { CallSpec } from '../../hosts/derived-input';
import type { CheckContext } from '../types';

export const FirewallRuleView = z.object({
  name: z.string(),
  displayName: z.string(),
  group: z.string(),
  enabled: z.boolean(),
  direction: z.string(),
  action: z.string(),
  /** 'TCP', 'UDP', 'Any' (or a protocol number as text). */
  protocol: z.string(),
  /** Comma-separated as the port filter holds it: '3389', '3380-3400', 'Any', 'RPC'. */
  localPort: z.string(),
  /** 'Any' or a comma-separated list of Domain, Private, Public. */
  profile: z.string(),
  /** PolicyStoreSourceType: 'Local', 'GroupPolicy', ... A GroupPolicy rule cannot be changed locally. */
  policyStore: z.string(),
  /** Remote addresses the rule matches, comma-separated: 'Any', 'LocalSubnet', '10.0.0.0/255.0.0.0', ... */
  remoteAddress: z.string(),
  /** The program filter: 'Any' or a path ('%SystemRoot%\system32\svchost.exe' for the built-in RDP rule). */
  program: z.string(),
  /** The service filter: 'Any' or a service name ('termservice'). */
  service: z.string(),
});
export type FirewallRuleView = z.infer<typeof FirewallRuleView>;

export const FirewallView = z.object({
  profiles: z.array(z.object({ name: z.string(), enabled: z.boolean() })),
  /** Firewall profiles of the connected networks (Domain, Private, Public). */
  activeProfiles: z.array(z.string()),
  rules: z.array(FirewallRuleView),
});
export type FirewallView = z.infer<typeof FirewallView>;

export const FirewallSetOutput = z.object({ rules: z.array(z.object({ name: z.string(), enabled: z.boolean() })) });

export interface FirewallQuery {
  names: string[];
  group: string;
  /** Inbound rules whose port filter covers this port are included, and enabled block rules for any port. */
  port: number;
}

export function firewallReadCall(query: FirewallQuery): CallSpec<FirewallView> {
  return { script: 'ops/firewall-rules-read', input: { names: query.names, group: query.group, port: query.port }, schema: FirewallView };
}

export async function setFirewallRules(ctx: CheckContext, rules: { name: string; enabled: boolean }[]): Promise<void> {
  await ctx.host.run('ops/firewall-rules-set', { rules }, FirewallSetOutput, { signal: ctx.signal });
}

/** Whether a port filter's LocalPort text ('3389', '3380-3400', 'Any', '80,443') covers the port. */
export function portCovers(localPort: string, port: number, { anyCovers = true } = {}): boolean {
  return localPort
    .split(',')
    .map((p) => p.trim())
    .some((p) => {
      if (/^any$/i.test(p)) return anyCovers;
      if (/^\d+$/.test(p)) return Number(p) === port;
      const range = /^(\d+)-(\d+)$/.exec(p);
      return range ? port >= Number(range[1]) && port <= Number(range[2]) : false;
    });
}

export function protocolCovers(protocol: string, wanted: 'TCP' | 'UDP'): boolean {
  return /^any$/i.test(protocol) || protocol.toUpperCase() === wanted || protocol === (wanted === 'TCP' ? '6' : '17');
}

/** Whether the rule's profile set includes one of the active profiles. */
export function ruleAppliesTo(rule: Pick<FirewallRuleView, 'profile'>, activeProfiles: string[]): boolean {
  const set = rule.profile
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
  if (set.includes('any')) return true;
  return activeProfiles.some((p) => set.includes(p.toLowerCase()));
}

/** The firewall filters traffic when it is on for at least one active profile (none active: assume all). */
export function firewallFilters(view: FirewallView): boolean {
  const active = view.activeProfiles.length > 0 ? view.activeProfiles : view.profiles.map((p) => p.name);
  return view.profiles.some((p) => p.enabled && active.some((a) => a.toLowerCase() === p.name.toLowerCase()));
}

/** Whether a rule's program and service filters match traffic to TermService (svchost.exe hosting termservice). */
export function matchesTermService(r: Pick<FirewallRuleView, 'program' | 'service'>): boolean {
  const program = /^any$/i.test(r.program) || /(^|\\)svchost\.exe$/i.test(r.program);
  const service = /^any$/i.test(r.service) || /^termservice$/i.test(r.service);
  return program && service;
}

/** Whether a rule lets any client in by address ('Any'); LocalSubnet, ranges and lists do not. */
export function anyRemote(r: Pick<FirewallRuleView, 'remoteAddress'>): boolean {
  return r.remoteAddress.split(',').some((a) => /^any$/i.test(a.trim()) || a.trim() === '*');
}

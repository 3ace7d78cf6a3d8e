// Windows Firewall on the simulated host: what ops/firewall-rules-read.ps1 sees and what Enable-/Disable-
// NetFirewallRule do. Rules are keyed by their Name, as Windows keys them.
import type { FirewallRule, WinState } from './state';
import { SimError } from './world';

export interface FirewallQuery {
  names: string[];
  group: string | null;
  port: number;
}

function ruleView(name: string, r: FirewallRule) {
  return {
    name,
    displayName: r.displayName,
    group: r.group,
    enabled: r.enabled,
    direction: r.direction,
    action: r.action,
    protocol: r.protocol,
    localPort: r.localPort,
    profile: r.profile,
    policyStore: r.policyStore ?? 'Local',
    remoteAddress: r.remoteAddress ?? 'Any',
    program: r.program ?? 'Any',
    service: r.service ?? 'Any',
  };
}

/**
 * Whether a rule's port filter names this port, as ops/firewall-rules-read.ps1 asks Get-NetFirewallPortFilter.
 * Windows keeps LocalPort as a list whose entries are a port ("3389"), a range ("3389-3390") or a keyword
 * ("Any", "RPC", "RPCEPMap", "IPHTTPSIn", "PlayToDiscovery": New-NetFirewallRule -LocalPort,
 * learn.microsoft.com/powershell/module/netsecurity/new-netfirewallrule). A scenario writes the list
 * comma-separated. A keyword names no port number, so "Any" does not put a rule in the per-port set.
 */
function localPortNames(localPort: string, port: number): boolean {
  for (const entry of localPort.split(',').map((e) => e.trim())) {
    const range = /^(\d{1,5})-(\d{1,5})$/.exec(entry);
    if (range && Number(range[1]) <= port && port <= Number(range[2])) return true;
    if (/^\d{1,5}$/.test(entry) && Number(entry) === port) return true;
  }
  return false;
}

function findRule(state: WinState, name: string): [string, FirewallRule] | undefined {
  const lower = name.toLowerCase();
  return Object.entries(state.firewall.rules).find(([n]) => n.toLowerCase() === lower);
}

/**
 * The same union the script builds: named rules, the group's rules, inbound rules naming the port, enabled
 * inbound allow rules for any port (LocalPort Any, protocol TCP or Any), enabled inbound block rules.
 */
export function readFirewallView(state: WinState, q: FirewallQuery) {
  const groupLower = q.group?.toLowerCase() ?? null;
  const rules = Object.entries(state.firewall.rules).filter(([name, r]) => {
    if (q.names.some((n) => n.toLowerCase() === name.toLowerCase())) return true;
    if (groupLower !== null && r.group.toLowerCase() === groupLower) return true;
    if (r.direction === 'Inbound' && localPortNames(r.localPort, q.port)) return true;
    const anyPort = r.localPort.split(',').some((e) => e.trim().toLowerCase() === 'any') && /^(tcp|any)$/i.test(r.protocol);
    if (r.direction === 'Inbound' && r.action === 'Allow' && r.enabled && anyPort) return true;
    return r.direction === 'Inbound' && r.action === 'Block' && r.enabled;
  });
  return {
    profiles: Object.entries(state.firewall.profiles).map(([name, p]) => ({ name, enabled: p.enabled })),
    activeProfiles: [...state.firewall.activeProfiles],
    rules: rules.map(([name, r]) => ruleView(name, r)),
  };
}

export function setRuleEnabled(state: WinState, name: string, enabled: boolean): { name: string; enabled: boolean } {
  const found = findRule(state, name);
  if (!found) throw new SimError(`No MSFT_NetFirewallRule objects found with property 'Name' equal to '${name}'.`, 'CimJobException');
  const [key, rule] = found;
  if (rule.policyStore === 'GroupPolicy') {
    throw new SimError(`The rule '${name}' comes from Group Policy and cannot be changed in the local store.`, 'CimException');
  }
  rule.enabled = enabled;
  return { name: key, enabled };
}

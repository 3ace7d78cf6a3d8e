// host.port: the port Remote Desktop listens on (PortNumber on RDP-Tcp), the port the firewall rule opens and
// the port the client dials must agree. Changing one of them is a deliberate act (or a router's port
// forwarding maps them), so there is no automatic fix: the verdict says which one to align.
import { DEFAULT_RDP_PORT } from '../../../../../shared/target';
import type { Check, Judgement } from '../../../types';
import { firewallFilters, portCovers, protocolCovers } from '../../../ops/firewall';
import { RDP_TCP_KEY } from '../../../windows-paths';
import { collectFirewall, RDP_RULE_TCP, type FirewallData } from '../firewall/check';

interface Data extends FirewallData {
  /** The port the client dials (the target's), or null without a target. */
  clientPort: number | null;
}

function judgePort({ port, view, clientPort }: Data): Judgement {
  const tcp = view.rules.find((r) => r.name.toLowerCase() === RDP_RULE_TCP.toLowerCase());
  const otherAllows = view.rules.filter(
    (r) =>
      r !== tcp &&
      r.direction === 'Inbound' &&
      r.action === 'Allow' &&
      protocolCovers(r.protocol, 'TCP') &&
      portCovers(r.localPort, port, { anyCovers: false }),
  );
  const evidence = [
    { label: 'PortNumber (listening port)', value: port, source: RDP_TCP_KEY },
    { label: `Firewall rule ${RDP_RULE_TCP} port`, value: tcp ? tcp.localPort : '(rule missing)', source: 'Get-NetFirewallPortFilter' },
    ...otherAllows.map((r) => ({ label: `Firewall rule ${r.name} port`, value: r.localPort, source: 'Get-NetFirewallPortFilter' })),
    { label: 'Port the client dials', value: clientPort ?? '(no target given)', source: 'target' },
  ];
  const problems: string[] = [];
  if (firewallFilters(view) && tcp && !portCovers(tcp.localPort, port) && otherAllows.length === 0) {
    problems.push(
      `Remote Desktop listens on port ${port} but the firewall rule opens ${tcp.localPort}: change the rule's local port to ${port} (or PortNumber back to ${tcp.localPort})`,
    );
  }
  if (clientPort !== null && clientPort !== port) {
    problems.push(
      `the client dials port ${clientPort} but Remote Desktop listens on ${port}: connect to host:${port}, unless a router forwards ${clientPort} to ${port}`,
    );
  }
  if (problems.length > 0) {
    const text = problems.join('; and ');
    // No `related`: this finding is the root (host.firewall points here when its rule opens the old port).
    return { status: 'fail', verdict: `${text[0]!.toUpperCase()}${text.slice(1)}.`, evidence, fixes: [] };
  }
  const note = port === DEFAULT_RDP_PORT ? '' : ` Port ${port} is not the default ${DEFAULT_RDP_PORT}: clients must dial host:${port}.`;
  return { status: 'pass', verdict: `The listening port, the firewall rule and the client agree on port ${port}.${note}`, evidence };
}

export const check: Check<Data> = {
  id: 'host.port',
  side: 'host',
  layer: 'host-configuration',
  rank: 20,
  title: 'Listening port, firewall and client agree',
  reads: `PortNumber on ${RDP_TCP_KEY}, the local port of ${RDP_RULE_TCP} and other inbound allow rules naming the port, and the target's port`,
  passWhen: 'PortNumber, the firewall rule port and the port the client dials are the same',
  source: '000',
  scripts: ['ops/registry-read', 'ops/firewall-rules-read'],
  async collect(ctx) {
    return { ...(await collectFirewall(ctx)), clientPort: ctx.target?.port ?? null };
  },
  judge: judgePort,
  fixes: [],
};

// client.udp-transport: whether Remote Desktop Connection may use UDP (policy fClientDisableUDP). Informational,
// unless the client's own log shows connections lost after UDP was set up: then forcing TCP is worth a try.
import { z } from 'zod';
import type { Check } from '../../../types';
import { readRegistry, registryFix, type RegRead } from '../../../ops/registry';
import { TS_CLIENT_POLICY_KEY } from '../../../windows-paths';

const SCRIPT = 'checks/client/udp-transport/udp-transport';
const LOOKBACK_DAYS = 7;

export const POLICY_CLIENT_UDP =
  'Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Connection Client > "Turn Off UDP On Client"';

export const UdpEvidence = z.object({
  udpSessions: z.number(),
  drops: z.array(z.object({ time: z.string(), reason: z.number() })),
  logAvailable: z.boolean(),
});

interface Data {
  policy: RegRead;
  log: z.infer<typeof UdpEvidence>;
}

const REASONS: Record<number, string> = { 2308: 'connection lost (0x904)', 264: 'connection timed out' };

export const check: Check<Data> = {
  id: 'client.udp-transport',
  side: 'client',
  layer: 'client-leftovers',
  rank: 80,
  title: 'UDP transport of Remote Desktop Connection',
  reads: `fClientDisableUDP under ${TS_CLIENT_POLICY_KEY}; connections lost after UDP was established in Microsoft-Windows-TerminalServices-RDPClient/Operational (1103, 1026), last ${LOOKBACK_DAYS} days`,
  passWhen: 'informational; warns only when connections were lost after UDP was set up and UDP is still allowed',
  source: '001',
  scripts: ['ops/registry-read', SCRIPT],
  async collect(ctx) {
    const [[policy], log] = await Promise.all([
      readRegistry(ctx, [{ key: TS_CLIENT_POLICY_KEY, name: 'fClientDisableUDP' }]),
      ctx.host.run(SCRIPT, { days: LOOKBACK_DAYS }, UdpEvidence, { signal: ctx.signal }),
    ]);
    return { policy: policy!, log };
  },
  judge({ policy, log }) {
    const forcedTcp = policy.exists && policy.data === 1;
    const evidence = [
      { label: 'fClientDisableUDP', value: policy.exists ? policy.data : '(not set: UDP allowed)', source: TS_CLIENT_POLICY_KEY },
      {
        label: `Connections that used UDP (last ${LOOKBACK_DAYS} days)`,
        value: log.logAvailable ? log.udpSessions : '(client log not readable)',
        source: 'Microsoft-Windows-TerminalServices-RDPClient/Operational 1103',
      },
      ...log.drops.map((d) => ({
        label: `Lost after UDP at ${d.time}`,
        value: `${d.reason}: ${REASONS[d.reason] ?? 'disconnected'}`,
        source: 'RDPClient/Operational 1026',
      })),
    ];
    if (forcedTcp)
      return { status: 'pass', verdict: 'Remote Desktop Connection is set to use TCP only (UDP turned off by policy).', evidence };
    if (log.drops.length > 0) {
      return {
        status: 'warn',
        verdict: `${log.drops.length} Remote Desktop connection${log.drops.length === 1 ? ' was' : 's were'} lost after UDP was set up. A VPN or router that mishandles UDP can do this: try forcing TCP.`,
        evidence,
        fixes: ['force-tcp'],
      };
    }
    // Without the client's log nothing says whether connections were lost, so the verdict must not claim none were.
    if (!log.logAvailable) {
      return {
        status: 'pass',
        verdict:
          'Remote Desktop Connection may use UDP, with TCP as fallback (the default); its event log could not be read, so connections lost after UDP cannot be counted.',
        evidence,
      };
    }
    return {
      status: 'pass',
      verdict: 'Remote Desktop Connection may use UDP, with TCP as fallback (the default); no connection was lost after UDP was set up.',
      evidence,
    };
  },
  fixes: [
    registryFix<Data>({
      id: 'force-tcp',
      title: 'Make Remote Desktop Connection use TCP only',
      description:
        'Sets the policy value fClientDisableUDP to 1 on this PC, so Remote Desktop Connection stops using UDP. Rollback restores the previous value or removes it.',
      reversible: true,
      lowersSecurity: false,
      needsAdmin: true,
      needsRestart: false,
      dropsSessions: false,
      blockedBy: ({ policy }) => (policy.exists ? `Set by Group Policy: change ${POLICY_CLIENT_UDP}` : null),
      touches: {
        shape: 'registry-values',
        registry: [{ key: TS_CLIENT_POLICY_KEY, name: 'fClientDisableUDP', type: 'REG_DWORD', values: [0, 1] }],
      },
      writes: () => [{ key: TS_CLIENT_POLICY_KEY, name: 'fClientDisableUDP', value: { type: 'REG_DWORD', data: 1 } }],
      warnings: () => ['Takes effect for the next connection; sessions already open keep their transport.'],
    }),
  ],
};

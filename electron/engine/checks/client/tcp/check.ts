// client.tcp: TCP connects to the target port (one per negotiation request): refused, timed out or
// unreachable; latency, jitter and loss.
import { layerEvidence, probeCheck } from '../../../../probe/check-support';

export const check = probeCheck({
  id: 'client.tcp',
  layer: 'network',
  rank: 20,
  title: 'TCP connection to the RDP port',
  reads: 'TCP connects to the target port with a short timeout: refused, timed out or unreachable; latency, jitter, loss',
  passWhen: 'Every connect succeeds, no loss, latency sane',
  source: 'all three',
  probeLayers: ['tcp'],
  evidence: ({ layers: { tcp } }) =>
    tcp
      ? layerEvidence('probe.tcp', [
          ['Address', tcp.address],
          ...(tcp.failedAddresses?.length
            ? [
                [
                  'Addresses tried first, not accepting',
                  tcp.failedAddresses.map((a) => `${a.address}: ${a.outcome}${a.code ? ` (${a.code})` : ''} ${a.ms} ms`),
                ] as [string, string[]],
              ]
            : []),
          ['Attempts', tcp.attempts.map((a) => `${a.outcome}${a.code ? ` (${a.code})` : ''} ${a.ms} ms`)],
          ['Latency min/avg/max (ms)', tcp.latencyMs ? [tcp.latencyMs.min, tcp.latencyMs.avg, tcp.latencyMs.max] : null],
          ['Jitter (ms)', tcp.jitterMs],
          ['Loss (%)', tcp.lossPct],
          ['Timeout (ms)', tcp.timeoutMs],
        ])
      : [],
});

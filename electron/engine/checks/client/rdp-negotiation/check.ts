// client.rdp-negotiation: X.224 Connection Requests (RDP, SSL, SSL|HYBRID, SSL|HYBRID|HYBRID_EX, none), each
// on its own socket; what the server selected or why it refused.
import { probeCheck } from '../../../../probe/check-support';

export const check = probeCheck({
  id: 'client.rdp-negotiation',
  layer: 'negotiation',
  rank: 40,
  title: 'RDP security negotiation',
  reads: 'X.224 Connection Requests with RDP_NEG_REQ for RDP, SSL, SSL|HYBRID, SSL|HYBRID|HYBRID_EX and one without negotiation data',
  passWhen: 'A Connection Confirm with RDP_NEG_RSP; NLA (HYBRID) offered when CredSSP is requested',
  source: '001, 002',
  probeLayers: ['negotiation'],
  evidence: ({ layers: { negotiation } }) =>
    negotiation
      ? negotiation.attempts.flatMap((a) => [
          {
            label: `Request ${a.request} (${a.requestedNames.join('|') || 'no negotiation data'})`,
            value: a.selectedName
              ? `selected ${a.selectedName}${a.flagNames.length ? `, flags ${a.flagNames.join('|')}` : ''}`
              : (a.failureName ?? (a.outcome === 'legacy' ? 'Connection Confirm without negotiation data' : (a.error ?? a.outcome))),
            source: 'probe.negotiation',
          },
          { label: `Bytes ${a.request}`, value: { sent: a.sentHex, received: a.receivedHex }, source: 'probe.negotiation' },
        ])
      : [],
});

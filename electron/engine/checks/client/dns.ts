// client.dns: resolve the target name (system resolver twice, DNS A and AAAA), timed.
import { layerEvidence, probeCheck } from '../../../probe/check-support';

export const dnsCheck = probeCheck({
  id: 'client.dns',
  layer: 'network',
  title: 'Name resolution',
  reads: 'The target name through the system resolver (twice) and through DNS (A and AAAA records), with timings',
  passWhen: 'The name resolves, the same way twice, and DNS agrees with the system resolver',
  source: 'all three',
  probeLayers: ['dns'],
  evidence: ({ layers: { dns } }) =>
    dns
      ? layerEvidence('probe.dns', [
          ['Name', dns.name],
          ['System resolver', dns.lookup.error ?? dns.lookup.addresses],
          ['Lookup time (ms)', dns.lookup.ms],
          ['Second lookup', dns.repeat.error ?? dns.repeat.addresses],
          ['DNS A', dns.a.error ?? dns.a.addresses],
          ['DNS AAAA', dns.aaaa.error ?? dns.aaaa.addresses],
        ])
      : [],
});

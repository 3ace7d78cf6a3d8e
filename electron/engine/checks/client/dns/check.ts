// client.dns: resolve the target name (system resolver twice, DNS A and AAAA), timed.
import { layerEvidence, probeCheck, type ProbeData } from '../../../../probe/check-support';
import { dnsCache, type DnsCacheState } from '../../../ops/dns-cache';
import type { Fix } from '../../../types';
import type { DnsLayer } from '../../../../../shared/probe';

/** CHECKLIST: flush DNS (ipconfig /flushdns, /registerdns); nothing to roll back, so it is confirmed first. */
const flushDns: Fix<ProbeData, DnsCacheState & { [k: string]: never }> = {
  id: 'flush-dns',
  touches: { shape: 'dns-flush' },
  title: "Flush this PC's DNS cache",
  description:
    "Clears this PC's DNS client cache and re-registers its own name in DNS (what ipconfig /flushdns and /registerdns do), so the next lookup asks DNS again instead of reusing a stale answer. If the name still resolves wrongly, connect by IP address.",
  reversible: false,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: false,
  confirmText: 'Clears the DNS cache of this PC. It cannot be put back, and nothing is lost: names are simply looked up again.',
  async snapshot(ctx) {
    return (await dnsCache(ctx, 'count')) as DnsCacheState & { [k: string]: never };
  },
  plan(snapshot) {
    return {
      changes: [
        {
          what: "This PC's DNS client cache",
          before: `${snapshot.entries} cached record(s)${snapshot.names.length ? `: ${snapshot.names.slice(0, 5).join(', ')}${snapshot.names.length > 5 ? ', …' : ''}` : ''}`,
          after: 'empty: names are looked up again',
        },
        { what: "This PC's own name in DNS", before: 'as registered', after: 'registered again' },
      ],
      warnings: [],
    };
  },
  async apply(ctx) {
    await dnsCache(ctx, 'flush');
  },
};

function nameDoesNotExist(dns: DnsLayer): boolean {
  const none = (l: DnsLayer['lookup']) => l.addresses.length === 0;
  return (
    none(dns.lookup) && none(dns.repeat) && none(dns.a) && none(dns.aaaa) && /ENOTFOUND|NXDOMAIN|not found/i.test(dns.lookup.error ?? '')
  );
}

export const check = probeCheck({
  id: 'client.dns',
  layer: 'network',
  rank: 10,
  title: 'Name resolution',
  reads: 'The target name through the system resolver (twice) and through DNS (A and AAAA records), with timings',
  passWhen: 'The name resolves, the same way twice, and DNS agrees with the system resolver',
  source: 'all three',
  probeLayers: ['dns'],
  fixes: [flushDns],
  // A flush helps when this PC's cache may disagree with DNS (a stale or negative entry); for a name that the
  // resolver and DNS both say does not exist, it changes nothing, so it is not offered.
  offerFixes: ({ layers: { dns } }) => (dns && !dns.isIp && nameDoesNotExist(dns) ? [] : ['flush-dns']),
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

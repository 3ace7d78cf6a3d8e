// Name resolution: the system resolver (what Remote Desktop Connection uses, hosts file included), twice, and
// DNS proper (A and AAAA), each timed and bounded.
import dns from 'node:dns';
import net from 'node:net';
import type { DnsLayer } from '../../shared/probe';
import { elapsed } from './net';
import { configuredResolver, lookupConfigured } from './dns-servers';

type Lookup = DnsLayer['lookup'];

function bounded(work: () => Promise<string[]>, timeoutMs: number, signal?: AbortSignal): Promise<Lookup> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (addresses: string[], error: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ addresses, ms: elapsed(start), error });
    };
    const onAbort = (): void => finish([], 'cancelled');
    const timer = setTimeout(() => finish([], `no answer within ${timeoutMs} ms`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Through then(): a resolver that throws synchronously still settles here and clears the timer.
    Promise.resolve()
      .then(work)
      .then(
        (addresses) => finish(addresses, null),
        (err: NodeJS.ErrnoException) => finish([], err.code ?? err.message),
      );
  });
}

/** The configured DNS server's resolver (null: the system resolves names), else one for the system's servers. */
function dnsResolver(timeoutMs: number): { server: dns.promises.Resolver | null; resolver: dns.promises.Resolver } {
  const dnsTimeout = Math.max(100, Math.min(timeoutMs, 5000));
  const server = configuredResolver(dnsTimeout);
  return { server, resolver: server ?? new dns.promises.Resolver({ timeout: dnsTimeout, tries: 1 }) };
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

export async function resolveName(name: string, timeoutMs: number, signal?: AbortSignal): Promise<DnsLayer> {
  const empty: Lookup = { addresses: [], ms: 0, error: null };
  if (net.isIP(name)) {
    return {
      name,
      isIp: true,
      lookup: { ...empty, addresses: [name] },
      repeat: { ...empty, addresses: [name] },
      a: empty,
      aaaa: empty,
      consistent: true,
    };
  }
  // A configured DNS server (rdp-doctor web --dns-server) stands in for the system resolver and for DNS alike.
  const { server, resolver } = dnsResolver(timeoutMs);
  const lookup = server
    ? () => lookupConfigured(server, name)
    : () => dns.promises.lookup(name, { all: true, verbatim: true }).then((r) => r.map((x) => x.address));
  const [first, a, aaaa] = await Promise.all([
    bounded(lookup, timeoutMs, signal),
    bounded(() => resolver.resolve4(name), timeoutMs, signal),
    bounded(() => resolver.resolve6(name), timeoutMs, signal),
  ]);
  resolver.cancel();
  // The second call shows answers that change between lookups (round robin, a flapping record, a stale cache).
  const repeat = first.error ? { ...empty, error: 'not repeated: the first lookup failed' } : await bounded(lookup, timeoutMs, signal);
  const consistent = first.error !== null || repeat.error !== null || same(first.addresses, repeat.addresses);
  return { name, isIp: false, lookup: first, repeat, a, aaaa, consistent };
}

/**
 * The canonical name DNS gives for `name` (its CNAME), or null: none, no answer, or past the timeout. A single
 * label is asked in the host's own DNS domain, as the DNS suffix search would have completed it.
 */
export async function cnameOf(name: string, domain: string | null, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  if (net.isIP(name)) return null;
  const fqdn = name.includes('.') || !domain ? name : `${name}.${domain}`;
  const { resolver } = dnsResolver(timeoutMs);
  const found = await bounded(() => resolver.resolveCname(fqdn), timeoutMs, signal);
  resolver.cancel();
  return found.addresses[0] ?? null;
}

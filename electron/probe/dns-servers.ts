// Which DNS server the probe asks. By default the system's: the resolver Remote Desktop Connection itself uses
// (getaddrinfo, hosts file included) plus the system's DNS servers. `rdp-doctor web --dns-server IP[:PORT]`
// names one server for the whole process instead, so that a technician can ask the DNS server that matters
// (and the tests a DNS server on 127.0.0.1): then every lookup of the probe, connects by name included, asks
// that server and nothing else. Node's Resolver.setServers takes exactly this form.
import dns from 'node:dns';
import net from 'node:net';

let configured: string[] | null = null;

/** One server address as setServers takes it: an IP address, optionally with a port (IPv6 as [addr]:port). */
export function parseDnsServer(text: string): string | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return null;
  const ip = m[1] ?? m[2]!;
  if (!net.isIP(ip) || (m[1] !== undefined && net.isIPv6(ip) === false)) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return text.trim();
}

/** Sets the server for every later lookup (null: the system's again). Throws on an address setServers refuses. */
export function setDnsServer(server: string | null): void {
  if (server === null) {
    configured = null;
    return;
  }
  new dns.Resolver().setServers([server]);
  configured = [server];
}

/** A resolver bound to the configured server, or null when the system resolves names. */
export function configuredResolver(timeoutMs: number): dns.promises.Resolver | null {
  if (!configured) return null;
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers(configured);
  return resolver;
}

/** Every address of a name from the configured server: A first, then AAAA; the A error when neither has any. */
export async function lookupConfigured(resolver: dns.promises.Resolver, name: string): Promise<string[]> {
  const [a, aaaa] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses = [...(a.status === 'fulfilled' ? a.value : []), ...(aaaa.status === 'fulfilled' ? aaaa.value : [])];
  if (addresses.length) return addresses;
  throw a.status === 'rejected'
    ? a.reason
    : aaaa.status === 'rejected'
      ? aaaa.reason
      : Object.assign(new Error('no address'), { code: 'ENODATA' });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** net.connect's `lookup` when a server is configured, so a connect by name never asks the system resolver. */
export function connectLookup(timeoutMs: number): net.LookupFunction | undefined {
  if (!configured) return undefined;
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    const resolver = configuredResolver(timeoutMs)!;
    lookupConfigured(resolver, hostname).then(
      (addresses) => {
        const list = addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
        if (options.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : ''),
    );
  };
}

// The RDP side of the simulated hosts, for the client probe in `fleet --simulate`: one loopback listener per
// simulated host (127.0.0.1 only, started when the probe first resolves its name) that answers X.224 and TLS from
// that host's state at the moment of the connection: whether anything listens on the port the client asks for
// (TermService, the WinStation, fDenyTSConnections, LanAdapter, PortNumber, the firewall), which protocol the
// negotiation selects (SecurityLayer and UserAuthentication, Group Policy first, as in MS-RDPBCGR 2.2.1.2), and
// the certificate TLS presents (the one Win32_TSGeneralSetting reports, with its subject and dates). The probe is
// the real probe code; only the name resolution is injected, mapping each simulated name to its listener's port.
import { generateKeyPairSync, sign } from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';
import tls from 'node:tls';
import type { DnsLayer } from '../../../shared/probe';
import { getDword } from '../../hosts/simulated/registry';
import type { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { RDP_TCP_KEY, TS_POLICY_KEY, type WinState } from '../../hosts/simulated/state';
import { inUseThumbprint } from '../../hosts/simulated/ops/certificates';
import { networkServiceCanReadKeys, rdpListener } from '../../hosts/simulated/world';

/** MS-RDPBCGR 2.2.1.1.1 requestedProtocols / 2.2.1.2.1 selectedProtocol. */
const PROTOCOL = { rdp: 0, ssl: 1, hybrid: 2, hybridEx: 8 } as const;
/** MS-RDPBCGR 2.2.1.2.2 failureCode. */
const FAILURE = { sslRequired: 1, sslNotAllowed: 2, hybridRequired: 5 } as const;
const TLS12_SERVER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server';

export type Answer = { kind: 'select'; protocol: number } | { kind: 'failure'; code: number } | { kind: 'legacy' };

/** What Windows answers to a Connection Request with these requestedProtocols (null: no negotiation data). */
export function negotiationAnswer(state: WinState, requested: number | null): Answer {
  const layer = getDword(state, TS_POLICY_KEY, 'SecurityLayer') ?? getDword(state, RDP_TCP_KEY, 'SecurityLayer') ?? 2;
  const nla = (getDword(state, TS_POLICY_KEY, 'UserAuthentication') ?? getDword(state, RDP_TCP_KEY, 'UserAuthentication') ?? 1) === 1;
  if (requested === null) return layer === 0 || (layer === 1 && !nla) ? { kind: 'legacy' } : { kind: 'failure', code: FAILURE.sslRequired };
  if (layer === 0)
    return requested === PROTOCOL.rdp ? { kind: 'select', protocol: PROTOCOL.rdp } : { kind: 'failure', code: FAILURE.sslNotAllowed };
  if (requested & PROTOCOL.hybridEx) return { kind: 'select', protocol: PROTOCOL.hybridEx };
  if (requested & PROTOCOL.hybrid) return { kind: 'select', protocol: PROTOCOL.hybrid };
  if (nla) return { kind: 'failure', code: FAILURE.hybridRequired };
  if (requested & PROTOCOL.ssl) return { kind: 'select', protocol: PROTOCOL.ssl };
  return layer === 2 ? { kind: 'failure', code: FAILURE.sslRequired } : { kind: 'select', protocol: PROTOCOL.rdp };
}

/** Whether a client reaches a listener on `port`: RDP-Tcp's own port, listening, and not blocked by the firewall. */
export function accepts(state: WinState, port: number): boolean {
  const listener = rdpListener(state);
  if (!listener.listening || listener.port !== port) return false;
  const names = (localPort: string) => localPort.split(',').some((p) => p.trim() === String(port));
  const any = (localPort: string) => localPort.split(',').some((p) => p.trim() === 'Any');
  // An "Any port" rule for another program (the Shadow rule is for RdpSa.exe) lets nothing reach TermService.
  const forTermService = (program: string | undefined) => !program || program === 'Any' || /svchost\.exe$/i.test(program);
  const inbound = Object.values(state.firewall.rules).filter((r) => r.enabled && r.direction === 'Inbound' && r.protocol !== 'UDP');
  if (inbound.some((r) => r.action === 'Block' && (names(r.localPort) || any(r.localPort)))) return false;
  return inbound.some((r) => r.action === 'Allow' && (names(r.localPort) || (any(r.localPort) && forTermService(r.program))));
}

function frame(x224: Buffer, neg: Buffer | null): Buffer {
  const body = Buffer.concat([Buffer.from([x224.length + (neg?.length ?? 0)]), x224, neg ?? Buffer.alloc(0)]);
  return Buffer.concat([Buffer.from([0x03, 0x00, (body.length + 4) >> 8, (body.length + 4) & 0xff]), body]);
}

/** The Connection Confirm (X.224 CC TPDU) carrying the answer (MS-RDPBCGR 2.2.1.2). */
export function confirmFor(answer: Answer): Buffer {
  const cc = Buffer.from([0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]);
  if (answer.kind === 'legacy') return frame(cc, null);
  const neg = Buffer.alloc(8);
  neg.writeUInt8(answer.kind === 'select' ? 0x02 : 0x03, 0);
  neg.writeUInt8(answer.kind === 'select' ? 0x1f : 0x00, 1);
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(answer.kind === 'select' ? answer.protocol : answer.code, 4);
  return frame(cc, neg);
}

/** requestedProtocols of a Connection Request, null when it carries no negotiation data. */
function requestedOf(request: Buffer): number | null {
  const li = request[4] ?? 0;
  const end = 5 + li;
  if (request.length < end || end < 8 + 5) return null;
  const neg = request.subarray(end - 8, end);
  return neg[0] === 0x01 ? neg.readUInt32LE(4) : null;
}

interface CertSpec {
  subject: string;
  notBefore: string;
  notAfter: string;
}

/**
 * The certificate TLS presents (the one Win32_TSGeneralSetting reports), or null when TermService has no usable
 * TLS credential: no certificate, no private key, MachineKeys unreadable by NETWORK SERVICE, or TLS 1.2 off. The
 * self-signed one is issued to the computer's own name: on the simulated network that is the name it is reached by.
 */
function usableCertificate(host: SimulatedHost, name: string): CertSpec | null {
  const state = host.state;
  const thumb = inUseThumbprint(state, host.now());
  const selfSigned = thumb ? state.certificates['Remote Desktop']?.[thumb] : undefined;
  const cert = selfSigned ?? (thumb ? state.certificates['My']?.[thumb] : undefined);
  const tls12 = (getDword(state, TLS12_SERVER, 'Enabled') ?? 1) !== 0;
  if (!cert || !cert.hasPrivateKey || !networkServiceCanReadKeys(state) || !tls12) return null;
  return { subject: selfSigned ? `CN=${name}` : cert.subject, notBefore: cert.notBefore, notAfter: cert.notAfter };
}

export interface RdpNetworkOptions {
  hostOf(name: string): SimulatedHost | undefined;
}

interface Listener {
  server: net.Server;
  port: number;
}

export class SimulatedRdpNetwork {
  private readonly listeners = new Map<string, Promise<Listener>>();
  private readonly sockets = new Set<net.Socket>();
  private readonly certs = new CertificateCache();

  constructor(private readonly options: RdpNetworkOptions) {}

  /**
   * The probe's resolver: a simulated name resolves to 127.0.0.1 and, when its host accepts connections on the
   * asked port, to its listener's port; otherwise to a port nothing listens on (connection refused).
   */
  readonly resolve = async (name: string, port: number): Promise<{ dns: DnsLayer; port: number }> => {
    const host = this.options.hostOf(name);
    const found = { addresses: host ? ['127.0.0.1'] : [], ms: 0, error: host ? null : 'ENOTFOUND' };
    const dns: DnsLayer = {
      name,
      isIp: false,
      lookup: found,
      repeat: found,
      a: found,
      aaaa: { addresses: [], ms: 0, error: 'ENODATA' },
      consistent: true,
    };
    if (!host) return { dns, port };
    if (!accepts(host.state, port)) return { dns, port: await refusedPort() };
    // The certificate is made now, not while the probe times its connections.
    const cert = usableCertificate(host, name);
    if (cert) this.certs.context(cert);
    return { dns, port: (await this.listener(name.toLowerCase(), host, name)).port };
  };

  private listener(key: string, host: SimulatedHost, name: string): Promise<Listener> {
    let l = this.listeners.get(key);
    if (!l) {
      l = this.start(host, name);
      this.listeners.set(key, l);
    }
    return l;
  }

  private start(host: SimulatedHost, name: string): Promise<Listener> {
    const server = net.createServer((socket) => this.answer(socket, host, name));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port }));
    });
  }

  private answer(socket: net.Socket, host: SimulatedHost, name: string): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setTimeout(5000, () => socket.destroy());
    socket.once('data', (request: Buffer) => {
      const answer = negotiationAnswer(host.state, requestedOf(request));
      if (answer.kind !== 'select' || answer.protocol === PROTOCOL.rdp) return void socket.end(confirmFor(answer));
      socket.write(confirmFor(answer));
      this.upgrade(socket, usableCertificate(host, name));
    });
  }

  /** TLS with the host's certificate; a certificate whose key TermService cannot use ends in a fatal alert, as Schannel does. */
  private upgrade(socket: net.Socket, cert: CertSpec | null): void {
    if (!cert) {
      // internal_error: what a server that has no usable TLS credential sends (Schannel 36870/36871).
      socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50])));
      return;
    }
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: this.certs.context(cert) });
    secure.on('error', () => undefined);
    // The probe reads the certificate and the negotiated version; CredSSP is not simulated: close soon after.
    secure.on('secure', () => setTimeout(() => secure.destroy(), 50));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const all = await Promise.allSettled(this.listeners.values());
    await Promise.all(
      all.flatMap((l) => (l.status === 'fulfilled' ? [new Promise<void>((done) => l.value.server.close(() => done()))] : [])),
    );
  }
}

/** A loopback port nothing listens on: bound, then released. */
async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** X.509 certificates made from the simulated ones (subject, dates), one key pair for all: hosts share few distinct certificates. */
class CertificateCache {
  private key: { pem: string; forge: forge.pki.rsa.PrivateKey } | null = null;
  private readonly contexts = new Map<string, tls.SecureContext>();

  context(cert: CertSpec): tls.SecureContext {
    const id = `${cert.subject}|${cert.notBefore}|${cert.notAfter}`;
    let ctx = this.contexts.get(id);
    if (!ctx) {
      if (!this.key) {
        const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        this.key = { pem, forge: forge.pki.privateKeyFromPem(pem) };
      }
      ctx = tls.createSecureContext({ key: this.key.pem, cert: selfSigned(this.key, cert) });
      this.contexts.set(id, ctx);
    }
    return ctx;
  }
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
/** forge.pki.getTBSCertificate exists at run time (forge signs with it) but its type declarations omit it. */
const forgeTbs = forge.pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/**
 * Built with forge, signed by Node's crypto: forge's own RSA signature is pure JavaScript (tens of milliseconds
 * each, on the event loop every probe shares), and each simulated host has a certificate of its own name.
 */
function selfSigned(keys: { pem: string; forge: forge.pki.rsa.PrivateKey }, cert: CertSpec): string {
  const key = keys.forge;
  const x = forge.pki.createCertificate();
  x.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  x.serialNumber = '01' + Buffer.from(cert.subject).toString('hex').slice(0, 30);
  x.validity.notBefore = new Date(cert.notBefore);
  x.validity.notAfter = new Date(cert.notAfter);
  const cn = /CN=([^,]+)/i.exec(cert.subject)?.[1]?.trim() ?? cert.subject;
  x.setSubject([{ name: 'commonName', value: cn }]);
  x.setIssuer([{ name: 'commonName', value: cn }]);
  x.setExtensions([
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
  ]);
  x.siginfo.algorithmOid = SHA256_WITH_RSA;
  x.signatureOid = SHA256_WITH_RSA;
  const tbs = Buffer.from(forge.asn1.toDer(forgeTbs.getTBSCertificate(x)).getBytes(), 'binary');
  x.signature = sign('sha256', tbs, keys.pem).toString('binary');
  return forge.pki.certificateToPem(x);
}

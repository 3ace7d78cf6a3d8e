// Turns the probe's layers into rows a report can print, and pulls the raw bytes out for the appendix.
// Every string here describes a hostile server's answers: the renderers escape them, this module only shapes.
import type {
  CertificateInfo,
  DnsLayer,
  IpVsNameLayer,
  NegotiationAttempt,
  NegotiationLayer,
  ProbeReport,
  ProbeStatus,
  TcpLayer,
  TlsLayer,
} from '../../shared/probe';
import type { ProbeLayer, ProbeLayerRow, RawBytes, ReportProbe } from '../../shared/report';

/** TLS replies carry whole certificate chains; the appendix keeps their start, the negotiation bytes whole. */
const MAX_TLS_BYTES = 512;
const MAX_RAW_BYTES = 4096;

const SEVERITY: Record<ProbeStatus, number> = { skipped: 0, pass: 1, warn: 2, error: 3, fail: 4 };

/** Hex in any common spelling ("0300", "03 00", "03:00") as octets; null when it is not hex. */
export function toOctets(text: string | null | undefined): number[] | null {
  if (!text) return null;
  const compact = text.replace(/[\s:,-]/g, '');
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) return null;
  const out: number[] = [];
  for (let i = 0; i < compact.length; i += 2) out.push(parseInt(compact.slice(i, i + 2), 16));
  return out;
}

export function hexOf(octets: number[]): string {
  return octets.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function rawBytes(label: string, text: string | null | undefined, max: number): RawBytes | null {
  const octets = toOctets(text);
  if (!octets) return null;
  const kept = octets.slice(0, max);
  return { label, hex: hexOf(kept), length: kept.length, totalLength: octets.length };
}

const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;
const list = (xs: string[] | null | undefined, none = 'none') => (xs && xs.length ? xs.join(', ') : none);
const yes = (b: boolean) => (b ? 'yes' : 'no');

function lookupText(l: { addresses: string[]; ms: number; error: string | null }): string {
  return l.error ? `error: ${l.error} (${ms(l.ms)})` : `${list(l.addresses)} (${ms(l.ms)})`;
}

function attemptName(a: NegotiationAttempt): string {
  return `${a.request}${a.requestedNames.length ? ` (${a.requestedNames.join('|')})` : ''}`;
}

function attemptText(a: NegotiationAttempt): string {
  switch (a.outcome) {
    case 'response':
      return `selected ${a.selectedName ?? a.selected ?? '?'}${a.flagNames.length ? `, flags ${a.flagNames.join('|')}` : ''}`;
    case 'failure':
      return `RDP_NEG_FAILURE ${a.failureName ?? ''} (${a.failureCode ?? '?'})`.replace('  ', ' ');
    case 'legacy':
      return 'Connection Confirm without negotiation data (legacy server)';
    case 'refused':
      return 'refused (X.224 Disconnect Request)';
    case 'transport':
      return `no usable reply: ${a.error ?? a.errorCode ?? 'unknown'}`;
  }
}

function layerRows(probe: ProbeReport): Record<string, ProbeLayerRow[]> {
  const { dns, tcp, negotiation, tls, ipVsName } = probe.layers;
  const rows: Record<string, ProbeLayerRow[]> = {};
  if (dns) rows.dns = dnsRows(dns);
  if (tcp) rows.tcp = tcpRows(tcp);
  if (negotiation) rows.negotiation = negotiationRows(negotiation);
  if (tls) rows.tls = tlsRows(tls);
  if (tls?.certificate) rows.certificate = certificateRows(tls.certificate);
  if (ipVsName) rows['ip-vs-name'] = ipVsNameRows(ipVsName);
  if (probe.identity || probe.layers.credssp) rows.identity = identityRows(probe);
  return rows;
}

function dnsRows(dns: DnsLayer): ProbeLayerRow[] {
  return [
    { label: 'Name', value: dns.name },
    { label: 'Is an IP address', value: yes(dns.isIp) },
    { label: 'System resolver', value: lookupText(dns.lookup) },
    { label: 'Same lookup again', value: lookupText(dns.repeat) },
    { label: 'A records', value: lookupText(dns.a) },
    { label: 'AAAA records', value: lookupText(dns.aaaa) },
    { label: 'Consistent answers', value: yes(dns.consistent) },
  ];
}

function tcpRows(tcp: TcpLayer): ProbeLayerRow[] {
  return [
    { label: 'Address', value: tcp.address ?? '—' },
    { label: 'Timeout', value: ms(tcp.timeoutMs) },
    { label: 'Connects planned', value: String(tcp.planned) },
    ...tcp.attempts.map((a, i) => ({
      label: `Attempt ${i + 1}`,
      value: `${a.address}: ${a.outcome}${a.code ? ` (${a.code})` : ''}, ${ms(a.ms)}`,
    })),
    {
      label: 'Latency min / avg / max',
      value: tcp.latencyMs ? `${ms(tcp.latencyMs.min)} / ${ms(tcp.latencyMs.avg)} / ${ms(tcp.latencyMs.max)}` : '—',
    },
    { label: 'Jitter', value: tcp.jitterMs === null ? '—' : ms(tcp.jitterMs) },
    { label: 'Loss', value: `${tcp.lossPct} %` },
  ];
}

function negotiationRows(negotiation: NegotiationLayer): ProbeLayerRow[] {
  return [
    { label: 'Address', value: negotiation.address },
    ...negotiation.attempts.map((a) => ({
      label: `Request ${attemptName(a)}`,
      value: `${attemptText(a)}, ${ms(a.ms)}${a.notes.length ? `; ${a.notes.join('; ')}` : ''}`,
    })),
  ];
}

function tlsRows(tls: TlsLayer): ProbeLayerRow[] {
  return [
    { label: 'On the socket of request', value: tls.onRequest ?? '—' },
    {
      label: 'Handshake',
      value: tls.ok
        ? `completed (${tls.via ?? 'native'})`
        : `failed${tls.error ? `: ${tls.error}` : ''}${tls.errorCode ? ` (${tls.errorCode})` : ''}`,
    },
    { label: 'Version', value: tls.version ?? '—' },
    { label: 'Cipher', value: tls.cipher ?? '—' },
    ...(tls.fallbackReason ? [{ label: 'Fallback reader used because', value: tls.fallbackReason }] : []),
    { label: 'Time', value: ms(tls.ms) },
  ];
}

function certificateRows(c: CertificateInfo): ProbeLayerRow[] {
  return [
    { label: 'Subject', value: c.subject },
    { label: 'Issuer', value: c.issuer },
    { label: 'Valid from', value: c.validFrom },
    { label: 'Valid to', value: c.validTo },
    { label: 'Days left', value: String(c.daysLeft) },
    { label: 'Expired / not yet valid', value: `${yes(c.expired)} / ${yes(c.notYetValid)}` },
    { label: 'Thumbprint (SHA-1)', value: c.thumbprint },
    { label: 'Key usage', value: list(c.keyUsage, 'extension absent') },
    { label: 'Extended key usage', value: list(c.extendedKeyUsage, 'extension absent') },
    { label: 'Subject alternative names', value: list(c.subjectAltNames) },
    { label: 'Self-signed', value: yes(c.selfSigned) },
    { label: 'Name matches the target', value: yes(c.nameMatches) },
    { label: 'Public key', value: c.publicKey },
    { label: 'Further certificates in chain', value: String(c.chainLength) },
    { label: 'Serial number', value: c.serialNumber },
  ];
}

function ipVsNameRows(ipVsName: IpVsNameLayer): ProbeLayerRow[] {
  return [
    { label: 'Compared', value: ipVsName.compared ? 'yes' : `no${ipVsName.reason ? `: ${ipVsName.reason}` : ''}` },
    {
      label: 'By name',
      value: ipVsName.byName ? `${ipVsName.byName.address}: ${ipVsName.byName.summary}, ${ms(ipVsName.byName.ms)}` : '—',
    },
    ...ipVsName.byIp.map((r) => ({ label: `By IP ${r.address}`, value: `${r.summary}, ${ms(r.ms)}` })),
    { label: 'Behave alike', value: yes(ipVsName.alike) },
  ];
}

/** Who answered the CredSSP probe, or why it could not be read. */
function identityRows(probe: ProbeReport): ProbeLayerRow[] {
  const id = probe.identity;
  const none = (v: string | null) => v ?? '—';
  return id
    ? [
        { label: 'NetBIOS computer / domain', value: `${none(id.netbiosComputerName)} / ${none(id.netbiosDomainName)}` },
        {
          label: 'DNS computer / domain / tree',
          value: `${none(id.dnsComputerName)} / ${none(id.dnsDomainName)} / ${none(id.dnsTreeName)}`,
        },
        { label: 'Product version', value: none(id.productVersion) },
        { label: 'Host clock', value: id.hostTime ? `${id.hostTime} (${id.clockSkewSeconds ?? '?'} s from this PC)` : '—' },
      ]
    : [{ label: 'Not read', value: probe.identityReason ?? '—' }];
}

function rawOf(probe: ProbeReport): RawBytes[] {
  const out: Array<RawBytes | null> = [];
  for (const a of probe.layers.negotiation?.attempts ?? []) {
    out.push(rawBytes(`Negotiation request ${attemptName(a)}: sent`, a.sentHex, MAX_RAW_BYTES));
    out.push(rawBytes(`Negotiation request ${attemptName(a)}: received`, a.receivedHex, MAX_RAW_BYTES));
  }
  const tls = probe.layers.tls;
  if (tls) {
    out.push(rawBytes('TLS ClientHello (fallback reader): sent', tls.sentHex, MAX_TLS_BYTES));
    out.push(rawBytes('TLS server reply (fallback reader): received', tls.receivedHex, MAX_TLS_BYTES));
  }
  const credssp = probe.layers.credssp;
  if (credssp) {
    out.push(rawBytes('CredSSP TSRequest with NTLM NEGOTIATE: sent', credssp.sentHex, MAX_RAW_BYTES));
    out.push(rawBytes('CredSSP answer (NTLM CHALLENGE): received', credssp.receivedHex, MAX_RAW_BYTES));
  }
  return out.filter((r): r is RawBytes => r !== null);
}

const ORDER = ['dns', 'tcp', 'negotiation', 'tls', 'certificate', 'ip-vs-name', 'identity'];

export function normalizeProbe(probe: ProbeReport): ReportProbe {
  const rows = layerRows(probe);
  const names = [...new Set([...ORDER.filter((n) => rows[n] || probe.findings.some((f) => f.layer === n))])];
  const layers: ProbeLayer[] = names.map((name) => {
    const own = probe.findings.filter((f) => f.layer === name);
    const status = own.reduce<ProbeStatus | null>((acc, f) => (acc === null || SEVERITY[f.status] > SEVERITY[acc] ? f.status : acc), null);
    return { name, status, texts: own.map((f) => f.text), rows: rows[name] ?? [] };
  });
  return {
    target: probe.target,
    host: probe.host,
    port: probe.port,
    startedAt: probe.startedAt,
    durationMs: probe.durationMs,
    findings: probe.findings.map((f) => ({ layer: f.layer, status: f.status, text: f.text })),
    layers,
    raw: rawOf(probe),
  };
}

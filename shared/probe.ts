// Result shape of the RDP handshake probe (client side). Owned by the probe module; the contract imports it.
// Every layer records what was sent and received, so the report can show the evidence, not only a verdict.
import { z } from 'zod';

export const ProbeStatus = z.enum(['pass', 'warn', 'fail', 'skipped', 'error']);
export type ProbeStatus = z.infer<typeof ProbeStatus>;

/** Which part of the handshake a probe finding is about; the client checks pick theirs by this. */
export const PROBE_LAYERS = ['dns', 'tcp', 'negotiation', 'tls', 'certificate', 'ip-vs-name', 'identity'] as const;
export const ProbeLayerName = z.enum(PROBE_LAYERS);
export type ProbeLayerName = z.infer<typeof ProbeLayerName>;

export const ProbeFinding = z.object({
  layer: ProbeLayerName,
  status: ProbeStatus,
  text: z.string(),
  /** Stable machine name of the finding: a negotiation failure name (SSL_CERT_NOT_ON_SERVER) or e.g. tcp.refused. */
  code: z.string().optional(),
  /** Host checks that explain this finding (host.certificate, ...). */
  related: z.array(z.string()).optional(),
});
export type ProbeFinding = z.infer<typeof ProbeFinding>;

const Lookup = z.object({ addresses: z.array(z.string()), ms: z.number(), error: z.string().nullable() });

export const DnsLayer = z.object({
  name: z.string(),
  /** True when the target is an IP address: nothing is resolved. */
  isIp: z.boolean(),
  /** The system resolver (getaddrinfo, hosts file included): what Remote Desktop Connection uses. */
  lookup: Lookup,
  /** The same lookup a second time, to catch answers that change between calls. */
  repeat: Lookup,
  a: Lookup,
  aaaa: Lookup,
  consistent: z.boolean(),
});
export type DnsLayer = z.infer<typeof DnsLayer>;

export const ConnectOutcome = z.enum(['connected', 'refused', 'timeout', 'unreachable', 'reset', 'cancelled', 'error']);
export type ConnectOutcome = z.infer<typeof ConnectOutcome>;

export const TcpAttempt = z.object({
  address: z.string(),
  outcome: ConnectOutcome,
  ms: z.number(),
  /** The system error code (ECONNREFUSED, ...), null on success or on our own timeout. */
  code: z.string().nullable(),
});
export type TcpAttempt = z.infer<typeof TcpAttempt>;

export const TcpLayer = z.object({
  address: z.string().nullable(),
  timeoutMs: z.number(),
  /** Connects planned; a series stops at the first timeout, and the skipped ones count as lost. */
  planned: z.number(),
  attempts: z.array(TcpAttempt),
  latencyMs: z.object({ min: z.number(), avg: z.number(), max: z.number() }).nullable(),
  /** Mean absolute difference between consecutive successful connect times. */
  jitterMs: z.number().nullable(),
  lossPct: z.number(),
  /**
   * Earlier addresses of the name, tried in order before `address`, whose connect failed. Absent when the
   * first address answered (or the target is an IP address).
   */
  failedAddresses: z.array(TcpAttempt).optional(),
});
export type TcpLayer = z.infer<typeof TcpLayer>;

export const NEGOTIATION_REQUESTS = ['rdp', 'ssl', 'hybrid', 'hybrid-ex', 'legacy'] as const;
export const NegotiationRequestName = z.enum(NEGOTIATION_REQUESTS);
export type NegotiationRequestName = z.infer<typeof NegotiationRequestName>;

/** One request sent and its reply read: how it ended, in a code and in words, and the bytes both ways. */
const Exchange = z.object({
  /** Short machine code of a transport problem: timeout, closed, reset, http, tls, tpkt-too-long, ... */
  errorCode: z.string().nullable(),
  /** The problem in plain words; null when the reply was understood. */
  error: z.string().nullable(),
  /** Anything odd about a reply that was still understood (a length indicator that disagrees, ...). */
  notes: z.array(z.string()),
  sentHex: z.string(),
  receivedHex: z.string(),
  ms: z.number(),
});

export const NegotiationAttempt = z.object({
  request: NegotiationRequestName,
  /** requestedProtocols of RDP_NEG_REQ; null for the request without negotiation data. */
  requested: z.number().nullable(),
  requestedNames: z.array(z.string()),
  /**
   * response: RDP_NEG_RSP; failure: RDP_NEG_FAILURE; legacy: a Connection Confirm without negotiation data;
   * refused: an X.224 Disconnect Request; transport: no usable reply (timeout, close, reset, not RDP).
   */
  outcome: z.enum(['response', 'failure', 'legacy', 'refused', 'transport']),
  selected: z.number().nullable(),
  selectedName: z.string().nullable(),
  flags: z.number().nullable(),
  flagNames: z.array(z.string()),
  failureCode: z.number().nullable(),
  failureName: z.string().nullable(),
  /** error: null when the reply was a valid Connection Confirm. */
  ...Exchange.shape,
});
export type NegotiationAttempt = z.infer<typeof NegotiationAttempt>;

export const NegotiationLayer = z.object({
  address: z.string(),
  attempts: z.array(NegotiationAttempt),
});
export type NegotiationLayer = z.infer<typeof NegotiationLayer>;

export const CertificateInfo = z.object({
  subject: z.string(),
  subjectCommonName: z.string().nullable(),
  issuer: z.string(),
  serialNumber: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  daysLeft: z.number(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  /** SHA-1 of the DER, uppercase hex without separators, as Windows shows a Thumbprint. */
  thumbprint: z.string(),
  sha256: z.string(),
  /** Key usage bit names; null when the extension is absent (any usage allowed). */
  keyUsage: z.array(z.string()).nullable(),
  /** Extended key usage names (or OIDs); null when absent. */
  extendedKeyUsage: z.array(z.string()).nullable(),
  subjectAltNames: z.array(z.string()),
  selfSigned: z.boolean(),
  /** Whether the name the user typed matches the certificate (SAN, or CN when no SAN). */
  nameMatches: z.boolean(),
  publicKey: z.string(),
  /** Certificates after the server's own in the chain it sent. */
  chainLength: z.number(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const TlsLayer = z.object({
  /** Which negotiation attempt's socket carried the TLS handshake. */
  onRequest: NegotiationRequestName.nullable(),
  /** native: Node's TLS stack; fallback: the pure-JS reader that stops after the Certificate message. */
  via: z.enum(['native', 'fallback']).nullable(),
  ok: z.boolean(),
  version: z.string().nullable(),
  cipher: z.string().nullable(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  /** Why the native handshake was given up for the fallback, when it was. */
  fallbackReason: z.string().nullable(),
  ms: z.number(),
  certificate: CertificateInfo.nullable(),
  /** The fallback's ClientHello and the server's reply, hex (the native stack does not expose its bytes). */
  sentHex: z.string().nullable(),
  receivedHex: z.string().nullable(),
});
export type TlsLayer = z.infer<typeof TlsLayer>;

export const ReachOutcome = z.object({
  address: z.string(),
  /** connected/refused/... then the negotiation result, e.g. "connected HYBRID_EX" or "timeout". */
  summary: z.string(),
  ms: z.number(),
});
export type ReachOutcome = z.infer<typeof ReachOutcome>;

export const IpVsNameLayer = z.object({
  compared: z.boolean(),
  reason: z.string().nullable(),
  byName: ReachOutcome.nullable(),
  byIp: z.array(ReachOutcome),
  alike: z.boolean(),
});
export type IpVsNameLayer = z.infer<typeof IpVsNameLayer>;

/**
 * Who answered, before any password: what the server's NTLM CHALLENGE says about itself ([MS-NLMP] 2.2.1.2,
 * AV pairs 2.2.2.1). Null fields when the server did not send them.
 */
export const HostIdentity = z.object({
  netbiosComputerName: z.string().nullable(),
  netbiosDomainName: z.string().nullable(),
  dnsComputerName: z.string().nullable(),
  dnsDomainName: z.string().nullable(),
  dnsTreeName: z.string().nullable(),
  /** major.minor.build, e.g. 10.0.17763. */
  productVersion: z.string().nullable(),
  /** The server's clock (MsvAvTimestamp), ISO 8601 UTC. */
  hostTime: z.string().nullable(),
  /** Host clock minus this PC's clock when the answer arrived, in whole seconds. */
  clockSkewSeconds: z.number().nullable(),
});
export type HostIdentity = z.infer<typeof HostIdentity>;

/** The CredSSP exchange behind `identity`: one TSRequest with an NTLM NEGOTIATE, no credentials. */
export const CredsspLayer = z.object({
  /** The negotiation attempt whose TLS socket carried it. */
  onRequest: NegotiationRequestName.nullable(),
  ok: z.boolean(),
  ...Exchange.shape,
});
export type CredsspLayer = z.infer<typeof CredsspLayer>;

export const ProbeLayers = z.object({
  dns: DnsLayer.nullable(),
  tcp: TcpLayer.nullable(),
  negotiation: NegotiationLayer.nullable(),
  tls: TlsLayer.nullable(),
  ipVsName: IpVsNameLayer.nullable(),
  /** Absent in reports made before the identity probe existed. */
  credssp: CredsspLayer.nullable().optional(),
});
export type ProbeLayers = z.infer<typeof ProbeLayers>;

export const ProbeReport = z.object({
  target: z.string(),
  host: z.string(),
  port: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  timeoutMs: z.number(),
  cancelled: z.boolean(),
  /** Plain-words findings, worst first. */
  findings: z.array(ProbeFinding),
  /** Who answered (from the NTLM CHALLENGE); null when the server does not offer NLA or did not answer. */
  identity: HostIdentity.nullable().optional(),
  /** Why identity is null; null when it was read. */
  identityReason: z.string().nullable().optional(),
  /**
   * When the host names itself otherwise than the name dialled: the canonical name DNS gives for the dialled
   * name (its CNAME), null when it has none or DNS did not answer. Absent when not asked.
   */
  dialledCname: z.string().nullable().optional(),
  layers: ProbeLayers,
});
export type ProbeReport = z.infer<typeof ProbeReport>;

export const ScanRow = z.object({
  target: z.string(),
  status: ProbeStatus,
  summary: z.string(),
  durationMs: z.number(),
  report: ProbeReport.nullable(),
});
export type ScanRow = z.infer<typeof ScanRow>;

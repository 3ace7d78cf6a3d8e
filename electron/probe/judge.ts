// From the probe's layers to plain-words findings. Pure: the client checks and the tests call it on stored
// reports. Each finding names the host check that explains it, so the report can point from symptom to cause.
import net from 'node:net';
import { judgeIdentity } from './judge-identity';
import type { CertificateInfo, NegotiationAttempt, ProbeFinding, ProbeReport, ProbeStatus, TcpAttempt, TlsLayer } from '../../shared/probe';

// Skipped ranks below pass: a layer that did not apply (no name to resolve) must not hide a clean result.
const RANK: Record<ProbeStatus, number> = { fail: 0, error: 1, warn: 2, pass: 3, skipped: 4 };

export function worstStatus(statuses: ProbeStatus[]): ProbeStatus {
  if (statuses.length === 0) return 'skipped';
  return statuses.reduce((w, s) => (RANK[s] < RANK[w] ? s : w));
}

export function sortFindings(findings: ProbeFinding[]): ProbeFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.status] - RANK[b.f.status] || a.i - b.i)
    .map(({ f }) => f);
}

type F = ProbeFinding;
const finding = (layer: F['layer'], status: ProbeStatus, text: string, code?: string, related?: string[]): F => ({
  layer,
  status,
  text,
  ...(code ? { code } : {}),
  ...(related?.length ? { related } : {}),
});

export const prettyTls = (version: string | null): string =>
  version === 'TLSv1' ? 'TLS 1.0' : (version ?? 'unknown').replace('TLSv', 'TLS ');
const day = (iso: string): string => iso.slice(0, 10);
const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;
const list = (items: string[]): string => items.join(', ');

export function judgeProbe(report: ProbeReport): ProbeFinding[] {
  const out: F[] = [];
  const { layers } = report;
  if (report.cancelled) out.push(finding('tcp', 'skipped', 'The probe was cancelled before it finished', 'cancelled'));
  out.push(...judgeDns(report));
  out.push(...judgeTcp(report));
  out.push(...judgeNegotiation(report));
  out.push(...judgeTls(layers.tls, report));
  out.push(...judgeIpVsName(report));
  out.push(...judgeIdentity(report));
  return sortFindings(out);
}

function judgeDns({ layers, host }: ProbeReport): F[] {
  const dns = layers.dns;
  if (!dns) return [finding('dns', 'skipped', 'Name resolution did not run')];
  if (dns.isIp) return [finding('dns', 'skipped', `The target ${host} is an IP address: there is no name to resolve`, 'dns.ip')];
  if (dns.lookup.error) {
    const timedOut = dns.lookup.error.startsWith('no answer');
    return [
      finding(
        'dns',
        'fail',
        timedOut
          ? `Resolving ${host} gave ${dns.lookup.error}: the DNS server is slow or unreachable; connect by IP address to rule it out`
          : /ENOTFOUND|NXDOMAIN/i.test(dns.lookup.error) && dns.a.addresses.length + dns.aaaa.addresses.length === 0
            ? `The name ${host} does not exist: DNS has no such name. Check the spelling and the DNS suffix, or connect by IP address`
            : dns.a.addresses.length + dns.aaaa.addresses.length > 0
              ? // DNS answers but this PC's resolver does not: a stale negative entry in its cache, or a hosts file.
                `The name ${host} does not resolve on this PC (${dns.lookup.error}), although DNS has ${list([...dns.a.addresses, ...dns.aaaa.addresses])} for it: this PC's DNS cache or hosts file is stale; flush the cache or connect by IP address`
              : `The name ${host} does not resolve (${dns.lookup.error}): check the spelling and the DNS suffix, or connect by IP address`,
        timedOut ? 'dns.timeout' : 'dns.not-found',
      ),
    ];
  }
  const out: F[] = [];
  const dnsAnswers = [...dns.a.addresses, ...dns.aaaa.addresses];
  const source = dnsAnswers.length === 0 ? ' (from the hosts file or a local resolver: DNS itself has no record)' : '';
  out.push(
    finding('dns', 'pass', `${host} resolves to ${list(dns.lookup.addresses)} in ${Math.round(dns.lookup.ms)} ms${source}`, 'dns.ok'),
  );
  if (!dns.consistent) {
    out.push(
      finding(
        'dns',
        'warn',
        `${host} resolved to different addresses on two lookups (${list(dns.lookup.addresses)}, then ${list(dns.repeat.addresses)}): round-robin DNS or a stale record; connect by IP address to rule it out`,
        'dns.inconsistent',
      ),
    );
  }
  const v4 = dns.lookup.addresses.filter((a) => !a.includes(':'));
  if (v4.length && dns.a.addresses.length && !v4.some((a) => dns.a.addresses.includes(a))) {
    out.push(
      finding(
        'dns',
        'warn',
        `The system resolver gives ${list(v4)} for ${host} but DNS has ${list(dns.a.addresses)}: a hosts-file entry or a stale cache overrides DNS (ipconfig /flushdns)`,
        'dns.override',
      ),
    );
  }
  if (dns.lookup.ms > 1000)
    out.push(
      finding(
        'dns',
        'warn',
        `Resolving ${host} took ${Math.round(dns.lookup.ms)} ms: a slow or failing DNS server delays every connection`,
        'dns.slow',
      ),
    );
  return out;
}

function judgeTcp({ layers, port, timeoutMs, host }: ProbeReport): F[] {
  const tcp = layers.tcp;
  if (!tcp) return [finding('tcp', 'skipped', 'TCP was not tried: the name did not resolve', 'not-reached')];
  const address = tcp.address ?? '?';
  const ok = tcp.attempts.filter((a) => a.outcome === 'connected');
  const firstFailure = tcp.attempts.find((a) => a.outcome !== 'connected');
  const earlier = tcp.failedAddresses ?? [];
  const tried = earlier.map((a) => `${a.address} ${describeConnectFailure(a)}`);
  if (ok.length === 0) {
    const failed = judgeTcpFailure(firstFailure, address, port, timeoutMs);
    // Every address failed: say so, or the technician fixes the one address the verdict happens to name.
    return tried.length
      ? failed.map((f) => ({ ...f, text: `${f.text} (the name's other addresses failed too: ${tried.join('; ')})` }))
      : failed;
  }
  const out: F[] = [];
  if (earlier.length) {
    out.push(
      finding(
        'tcp',
        'warn',
        `${host} resolves first to ${list(earlier.map((a) => a.address))}, which did not accept (${tried.join('; ')}); ${address} did. Remote Desktop Connection tries the addresses in that order, so connecting by name is slow or fails: remove or fix the stale DNS record, or connect by IP address ${address}`,
        'tcp.first-address',
        ['host.firewall', 'host.listener'],
      ),
    );
  }
  out.push(...judgeTcpReached(tcp, ok, firstFailure, address, port));
  return out;
}

function describeConnectFailure(a: TcpAttempt): string {
  return `${a.outcome}${a.code && a.code !== a.outcome ? ` (${a.code})` : ''} after ${Math.round(a.ms)} ms`;
}

function judgeTcpFailure(f: TcpAttempt | undefined, address: string, port: number, timeoutMs: number): F[] {
  switch (f?.outcome) {
    case 'refused':
      return [
        finding(
          'tcp',
          'fail',
          `Nothing accepts connections on ${address} port ${port} (connection refused): the Remote Desktop service is not listening on this port, or a firewall rejects it; see host.service, host.listener and host.firewall`,
          'tcp.refused',
          ['host.service', 'host.listener', 'host.firewall'],
        ),
      ];
    case 'timeout':
      return [
        finding(
          'tcp',
          'fail',
          `No answer from ${address} port ${port} within ${timeoutMs} ms: a firewall drops the packets, the host is off, or the address is wrong; see host.firewall`,
          'tcp.timeout',
          ['host.firewall', 'host.listener'],
        ),
      ];
    case 'unreachable':
      return [
        finding(
          'tcp',
          'fail',
          `There is no route to ${address} (${f.code}): the host or its network is unreachable from this PC`,
          'tcp.unreachable',
        ),
      ];
    case 'reset':
      return [
        finding('tcp', 'fail', `The connection to ${address} port ${port} was reset while opening (${f.code})`, 'tcp.reset', [
          'host.firewall',
        ]),
      ];
    case 'cancelled':
      return [finding('tcp', 'skipped', 'The TCP connection was cancelled', 'cancelled')];
    default:
      return [finding('tcp', 'fail', `The TCP connection to ${address} port ${port} failed (${f?.code ?? 'unknown error'})`, 'tcp.error')];
  }
}

/** A TCP connect is about one round trip; past a quarter of a second, typing and drawing lag visibly. */
const SLOW_CONNECT_MS = 250;

function judgeTcpReached(
  tcp: NonNullable<ProbeReport['layers']['tcp']>,
  ok: TcpAttempt[],
  firstFailure: TcpAttempt | undefined,
  address: string,
  port: number,
): F[] {
  const out: F[] = [];
  const lat = tcp.latencyMs!;
  out.push(
    finding(
      'tcp',
      'pass',
      `${address} port ${port} accepts TCP connections (${ok.length} of ${tcp.planned}, ${lat.avg} ms average${tcp.jitterMs !== null ? `, jitter ${tcp.jitterMs} ms` : ''})`,
      'tcp.ok',
    ),
  );
  if (firstFailure) {
    out.push(
      finding(
        'tcp',
        'warn',
        `${tcp.planned - ok.length} of ${tcp.planned} TCP connections failed (${firstFailure.outcome}): packet loss on the path, or a listener that cannot keep up`,
        'tcp.loss',
      ),
    );
  }
  // Judged on the fastest connect: a slow path slows every one of them, while one stalled connect (a busy PC's
  // event loop, a SYN retried once) raises only the average; a fleet run on a loaded PC called healthy hosts slow.
  if (lat.min > SLOW_CONNECT_MS)
    out.push(
      finding(
        'tcp',
        'warn',
        `Even the fastest of ${ok.length} connections took ${lat.min} ms (${lat.avg} ms on average): a slow or congested path, sessions will be sluggish`,
        'tcp.slow',
      ),
    );
  return out;
}

const FAILURE_TEXT: Record<string, { status: ProbeStatus; text: string; related?: string[] }> = {
  SSL_REQUIRED_BY_SERVER: {
    status: 'pass',
    text: 'The server requires TLS, so a client limited to standard RDP security is refused (SSL_REQUIRED_BY_SERVER)',
  },
  SSL_NOT_ALLOWED_BY_SERVER: {
    status: 'warn',
    text: 'The server does not allow TLS (SSL_NOT_ALLOWED_BY_SERVER): it is set to standard RDP security only (SecurityLayer 0), so NLA and server authentication are unavailable; see host.security-layer',
    related: ['host.security-layer'],
  },
  SSL_CERT_NOT_ON_SERVER: {
    status: 'fail',
    text: 'The server has no certificate it can use (SSL_CERT_NOT_ON_SERVER): see host.certificate and host.machinekeys',
    related: ['host.certificate', 'host.machinekeys'],
  },
  INCONSISTENT_FLAGS: {
    status: 'fail',
    text: 'The server rejected consistent protocol flags as inconsistent (INCONSISTENT_FLAGS): its RDP stack, or a gateway in front of it, misbehaves',
  },
  HYBRID_REQUIRED_BY_SERVER: {
    status: 'pass',
    text: 'The server requires NLA (CredSSP), so a client that does not offer it is refused (HYBRID_REQUIRED_BY_SERVER); see host.nla',
    related: ['host.nla'],
  },
  SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER: {
    status: 'warn',
    text: 'The server requires TLS with a client certificate (SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER): a client without a smart card or client certificate is refused',
  },
};

function transportAdvice(a: NegotiationAttempt): { text: string; related?: string[] } {
  switch (a.errorCode) {
    case 'slow':
      return { text: `${a.error}: a server or path this slow cannot carry RDP, or the service is not RDP`, related: ['host.listener'] };
    case 'timeout':
      return {
        text: `${a.error}: the port is open but the service behind it is not answering as RDP (a stuck listener, or another program on the port); see host.listener and host.service`,
        related: ['host.listener', 'host.service'],
      };
    case 'closed':
    case 'reset':
    case 'truncated':
      return {
        text: `${a.error}: the listener drops connections (a host that cannot load its certificate, a connection limit, or a non-RDP service); see host.listener and host.certificate`,
        related: ['host.listener', 'host.certificate'],
      };
    default:
      return { text: a.error ?? 'The server gave no usable reply' };
  }
}

function judgeNegotiation({ layers }: ProbeReport): F[] {
  const neg = layers.negotiation;
  if (!neg) {
    const reason = layers.tcp ? 'no TCP connection succeeded' : 'the name did not resolve';
    return [finding('negotiation', 'skipped', `The RDP negotiation was not tried: ${reason}`, 'not-reached')];
  }
  const by = (name: string) => neg.attempts.find((a) => a.request === name);
  const main = [by('hybrid-ex'), by('hybrid')].find((a) => a && a.outcome !== 'transport') ?? by('hybrid-ex')!;
  const ssl = by('ssl');
  const out: F[] = [];
  const answered = neg.attempts.filter((a) => a.outcome !== 'transport');
  if (answered.length === 0) {
    const advice = transportAdvice(main);
    return [finding('negotiation', 'fail', advice.text, `negotiation.${main.errorCode ?? 'error'}`, advice.related)];
  }
  if (answered.every((a) => a.outcome === 'refused')) {
    return [
      finding(
        'negotiation',
        'fail',
        'The server answered every Connection Request with an X.224 Disconnect Request: it refuses RDP connections; see host.listener',
        'negotiation.disconnect',
        ['host.listener'],
      ),
    ];
  }

  out.push(...failureFindings(neg.attempts));
  const violations = neg.attempts.filter(
    (a) => a.outcome === 'response' && a.requested !== null && !selectionAllowed(a.selected ?? 0, a.requested),
  );
  out.push(...violationFindings(violations), ...selectionFindings(main, ssl, violations), ...oddityFindings(neg.attempts, main, ssl));
  if (!out.some((f) => f.status === 'pass' || f.status === 'warn' || f.status === 'fail')) {
    out.push(
      finding(
        'negotiation',
        'pass',
        `The server answered the Connection Requests (${answered.map((a) => `${a.request}: ${a.selectedName ?? a.failureName ?? a.outcome}`).join('; ')})`,
        'negotiation.ok',
      ),
    );
  }
  return out;
}

/** RDP_NEG_FAILURE answers, one finding per failure code, judged against what the other requests got. */
function failureFindings(attempts: NegotiationAttempt[]): F[] {
  const out: F[] = [];
  const codes = new Map<string, NegotiationAttempt[]>();
  for (const a of attempts) if (a.outcome === 'failure') codes.set(a.failureName!, [...(codes.get(a.failureName!) ?? []), a]);
  const tlsSelected = attempts.some((a) => a.outcome === 'response' && a.selected !== null && a.selected !== 0);
  for (const [name, attempts] of codes) {
    const known = FAILURE_TEXT[name];
    const on = attempts.map((a) => a.request).join(', ');
    if (!known) {
      out.push(
        finding('negotiation', 'fail', `The server refused the negotiation with an unknown failure code (${name}) for request ${on}`, name),
      );
      continue;
    }
    let status = known.status;
    // Asked for TLS and told TLS is required: the server contradicts itself.
    if (name === 'SSL_REQUIRED_BY_SERVER' && attempts.some((a) => a.requested !== null && (a.requested & 1) !== 0)) status = 'warn';
    // "requires TLS/NLA" is a healthy answer only when TLS/NLA then works on another request.
    const explained = [...codes.keys()].some((other) => other !== name && FAILURE_TEXT[other]?.status === 'fail');
    if ((name === 'SSL_REQUIRED_BY_SERVER' || name === 'HYBRID_REQUIRED_BY_SERVER') && !tlsSelected && !explained) status = 'fail';
    out.push(finding('negotiation', status, known.text, name, known.related));
  }
  return out;
}

// Every answer is held to its own request: a server that selects HYBRID for a TLS-only request, or
// HYBRID_EX when HYBRID_EX was not offered, breaks clients that sent exactly that request.
function violationFindings(violations: NegotiationAttempt[]): F[] {
  const out: F[] = [];
  if (violations.length > 0) {
    const what = violations.map((a) => `${a.selectedName} when ${list(a.requestedNames)} was requested`).join('; ');
    out.push(
      finding(
        'negotiation',
        'fail',
        `The server selected a protocol that was not requested (${what}): its RDP stack or a gateway in front of it violates the protocol`,
        'negotiation.violation',
      ),
    );
  }
  return out;
}

/** What the server selected for the main (CredSSP) request: NLA, TLS only, standard RDP or something else. */
function selectionFindings(main: NegotiationAttempt, ssl: NegotiationAttempt | undefined, violations: NegotiationAttempt[]): F[] {
  const out: F[] = [];
  if (main.outcome === 'response' && !violations.includes(main)) {
    const sel = main.selected ?? 0;
    if (sel === 2 || sel === 8) {
      out.push(
        finding(
          'negotiation',
          'pass',
          `The server offers NLA: it selected ${main.selectedName} when ${list(main.requestedNames)} was requested`,
          'negotiation.nla',
        ),
      );
    } else if (sel === 1) {
      out.push(
        finding(
          'negotiation',
          'warn',
          'NLA is not offered: the server selected TLS without CredSSP when CredSSP was requested; see host.nla',
          'negotiation.no-nla',
          ['host.nla'],
        ),
      );
    } else if (sel === 0) {
      const alsoSsl = ssl?.outcome === 'response' && ssl.selected === 0;
      out.push(
        finding(
          'negotiation',
          'warn',
          `NLA is not offered: the server selected standard RDP when CredSSP was requested${alsoSsl ? ', and also when only TLS was requested, so the connection is not authenticated by a certificate' : ''}; see host.security-layer and host.nla`,
          'negotiation.standard-rdp',
          ['host.security-layer', 'host.nla'],
        ),
      );
    } else {
      out.push(
        finding(
          'negotiation',
          'warn',
          `The server selected ${main.selectedName} when ${list(main.requestedNames)} was requested`,
          'negotiation.other',
        ),
      );
    }
  }
  return out;
}

/** No TLS, no negotiation at all, requests left unanswered, malformed replies. */
function oddityFindings(attempts: NegotiationAttempt[], main: NegotiationAttempt, ssl: NegotiationAttempt | undefined): F[] {
  const out: F[] = [];
  if (ssl?.outcome === 'response' && ssl.selected === 0 && main.outcome !== 'response') {
    out.push(
      finding(
        'negotiation',
        'warn',
        'TLS is not offered: the server selected standard RDP security when TLS was requested; see host.security-layer',
        'negotiation.no-tls',
        ['host.security-layer'],
      ),
    );
  }
  const withNeg = attempts.filter((a) => a.request !== 'legacy' && a.outcome !== 'transport');
  if (withNeg.length > 0 && withNeg.every((a) => a.outcome === 'legacy')) {
    out.push(
      finding(
        'negotiation',
        'warn',
        'The server ignores RDP negotiation (its Connection Confirm has no negotiation data): a legacy server offering standard RDP security only',
        'negotiation.legacy',
        ['host.security-layer'],
      ),
    );
  }
  const silent = attempts.filter((a) => a.outcome === 'transport');
  if (silent.length > 0) {
    out.push(
      finding(
        'negotiation',
        'warn',
        `The server answered some Connection Requests but not others (${silent.map((a) => `${a.request}: ${a.errorCode}`).join('; ')}): an overloaded listener, a connection limit, or a filter that inspects RDP`,
        'negotiation.partial',
      ),
    );
  }
  const notes = [...new Set(attempts.flatMap((a) => a.notes))];
  if (notes.length)
    out.push(
      finding(
        'negotiation',
        'warn',
        `The server's Connection Confirm is malformed but readable: ${notes.join('; ')}`,
        'negotiation.malformed',
      ),
    );
  return out;
}

/** A selection is one protocol out of those requested; standard RDP (0) is always a possible answer. */
function selectionAllowed(selected: number, requested: number): boolean {
  if (selected === 0) return true;
  return (selected & (selected - 1)) === 0 && (selected & requested) === selected;
}

function tlsFailureText(tls: TlsLayer): { text: string; related: string[] } {
  const related = ['host.certificate', 'host.machinekeys', 'host.schannel'];
  switch (tls.errorCode) {
    case 'closed':
    case 'reset':
      return {
        text: `${tls.error}: the host cannot use its certificate or its private key, the classic cause of error 0x904 / extended 0x7; see host.certificate and host.machinekeys`,
        related,
      };
    case 'closed-midway':
      return {
        text: `${tls.error}: the TLS session broke after it began, which points at the server's TLS stack or a device in the path rather than at its certificate; see host.schannel`,
        related: ['host.schannel'],
      };
    case 'not-tls':
      return {
        text: `${tls.error}: something other than a Remote Desktop server's TLS answers on this port (another service, a proxy or a broken device in the path)`,
        related: ['host.port'],
      };
    case 'timeout':
      return { text: `${tls.error}: the server stalls after the negotiation; see host.certificate and host.schannel`, related };
    default:
      if (/^ERR_SSL_(TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE)$/.test(tls.errorCode ?? '')) {
        return { text: `${tls.error}: client and server have no TLS version in common; see host.schannel`, related: ['host.schannel'] };
      }
      return { text: `${tls.error ?? 'The TLS handshake failed'}; see host.certificate, host.machinekeys and host.schannel`, related };
  }
}

function judgeTls(tls: TlsLayer | null, report: ProbeReport): F[] {
  if (!tls) {
    const neg = report.layers.negotiation;
    const reason = neg ? 'the server selected no TLS-based protocol' : 'the negotiation did not run';
    return [
      finding('tls', 'skipped', `TLS was not tried: ${reason}`, 'not-reached'),
      finding('certificate', 'skipped', `The certificate was not read: ${reason}`, 'not-reached'),
    ];
  }
  const out: F[] = [];
  const via = tls.via === 'fallback' ? ' by the pure-JS TLS reader' : '';
  if (!tls.ok) {
    const { text, related } = tlsFailureText(tls);
    out.push(finding('tls', 'fail', text, `tls.${tls.errorCode ?? 'error'}`, related));
  } else if (tls.version === 'TLSv1' || tls.version === 'TLSv1.1' || tls.version === 'SSLv3') {
    const pretty = prettyTls(tls.version);
    out.push(
      finding(
        'tls',
        'warn',
        `The server's highest TLS version is ${pretty}: clients that disable TLS 1.0 and 1.1 (as hardened Windows does) cannot connect; enable TLS 1.2 on the host, see host.schannel`,
        'tls.old-version',
        ['host.schannel'],
      ),
    );
  } else {
    const cap = tls.via === 'fallback' ? ' (the reader offers at most TLS 1.2)' : '';
    out.push(finding('tls', 'pass', `The TLS handshake completed${via}: ${prettyTls(tls.version)}${cap}, ${tls.cipher}`, 'tls.ok'));
  }
  if (tls.fallbackReason) out.push(finding('tls', 'pass', tls.fallbackReason, 'tls.fallback'));
  out.push(...judgeCertificate(tls.certificate, report, tls));
  return out;
}

function judgeCertificate(cert: CertificateInfo | null, report: ProbeReport, tls: TlsLayer): F[] {
  if (!cert) {
    const why = tls.errorCode === 'bad-certificate' ? (tls.error ?? 'unreadable') : 'the TLS handshake did not get that far';
    return [
      finding(
        'certificate',
        tls.errorCode === 'bad-certificate' ? 'fail' : 'skipped',
        `The certificate was not read: ${why}`,
        'certificate.unread',
      ),
    ];
  }
  const related = ['host.certificate'];
  const out: F[] = [validityFinding(cert, related)];
  if (!cert.nameMatches) {
    out.push(finding('certificate', 'warn', nameMismatchVerdict(cert, report.host), 'certificate.name-mismatch', related));
  }
  out.push(...usageFindings(cert, related));
  return out;
}

/** Expired, not yet valid, expiring within 14 days, or valid (and who issued it). */
function validityFinding(cert: CertificateInfo, related: string[]): F {
  if (cert.expired) {
    const ago = cert.daysLeft === 0 ? 'less than a day ago' : `${days(-cert.daysLeft)} ago`;
    return finding(
      'certificate',
      'fail',
      `The server's certificate expired on ${day(cert.validTo)} (${ago}): clients refuse it or warn; see host.certificate`,
      'certificate.expired',
      related,
    );
  }
  if (cert.notYetValid) {
    return finding(
      'certificate',
      'fail',
      `The server's certificate is not valid until ${day(cert.validFrom)}: the host's or this PC's clock is wrong, or it was issued with a future date; see host.certificate`,
      'certificate.not-yet-valid',
      related,
    );
  }
  if (cert.daysLeft < 14) {
    const within = cert.daysLeft === 0 ? 'in less than a day' : `in ${days(cert.daysLeft)}`;
    return finding(
      'certificate',
      'warn',
      `The server's certificate expires on ${day(cert.validTo)}, ${within}; see host.certificate`,
      'certificate.expiring',
      related,
    );
  }
  const kind = cert.selfSigned ? 'self-signed, so Remote Desktop Connection asks the user to trust it' : `issued by ${cert.issuer}`;
  return finding(
    'certificate',
    'pass',
    `The server's certificate is valid until ${day(cert.validTo)} (${days(cert.daysLeft)} left), ${kind}; thumbprint ${cert.thumbprint}`,
    'certificate.valid',
  );
}

/** What the certificate may be used for: Server Authentication, and a key usage TLS can work with. */
function usageFindings(cert: CertificateInfo, related: string[]): F[] {
  const out: F[] = [];
  if (
    cert.extendedKeyUsage &&
    !cert.extendedKeyUsage.some((u) => ['serverAuth', 'remoteDesktopAuthentication', 'anyExtendedKeyUsage'].includes(u))
  ) {
    out.push(
      finding(
        'certificate',
        'fail',
        `The certificate's extended key usage (${list(cert.extendedKeyUsage)}) does not include Server Authentication: clients reject it; see host.certificate`,
        'certificate.eku',
        related,
      ),
    );
  }
  if (cert.keyUsage && !cert.keyUsage.includes('keyEncipherment') && !cert.keyUsage.includes('digitalSignature')) {
    out.push(
      finding(
        'certificate',
        'fail',
        `The certificate's key usage (${list(cert.keyUsage) || 'none'}) allows neither key encipherment nor signatures: TLS cannot use it; see host.certificate`,
        'certificate.key-usage',
        related,
      ),
    );
  } else if (cert.keyUsage && !cert.keyUsage.includes('digitalSignature')) {
    out.push(
      finding(
        'certificate',
        'pass',
        `The certificate's key usage is ${list(cert.keyUsage)} without digitalSignature: Windows accepts this, strict TLS stacks (BoringSSL, electron/electron#31042) reject it with ECDHE ciphers`,
        'certificate.key-usage-strict',
      ),
    );
  }
  return out;
}

function judgeIpVsName({ layers, host }: ProbeReport): F[] {
  const cmp = layers.ipVsName;
  if (!cmp) {
    const why = layers.dns?.lookup.error ? 'the name does not resolve' : 'the probe did not get that far';
    return [finding('ip-vs-name', 'skipped', `By-name and by-IP connections were not compared: ${why}`, 'not-reached')];
  }
  if (!cmp.compared) return [finding('ip-vs-name', 'skipped', cmp.reason ?? 'Not compared', 'ip-vs-name.ip')];
  const byName = cmp.byName!;
  if (cmp.alike) {
    return [
      finding(
        'ip-vs-name',
        'pass',
        `By name and by IP address (${list(cmp.byIp.map((r) => r.address))}) the server answers alike: ${byName.summary}`,
        'ip-vs-name.alike',
      ),
    ];
  }
  const differing = cmp.byIp.filter((r) => r.summary !== byName.summary).map((r) => `${r.address}: ${r.summary}`);
  return [
    finding(
      'ip-vs-name',
      'warn',
      `By name ${host} gives "${byName.summary}" but by IP address ${differing.join('; ')}: connect by IP address (a known Windows 11 name resolution issue), or fix the name's DNS record`,
      'ip-vs-name.differ',
    ),
  ];
}

/**
 * Why the name does not match, in words that never contradict themselves: an address written only in the
 * subject's CN is not an IP address name (RFC 2818 §3.1 wants an iPAddress alternative name for an address).
 */
function nameMismatchVerdict(cert: CertificateInfo, host: string): string {
  const advice =
    'Remote Desktop Connection warns about the name; connect with a name on the certificate, or bind a certificate for this name';
  const cn = cert.subjectCommonName;
  if (net.isIP(host) && cn && cn.toLowerCase() === host.toLowerCase() && !cert.subjectAltNames.some((n) => n.startsWith('IP Address:'))) {
    return `The certificate names ${host} only in its subject (CN), not as an IP address alternative name, so a client that checks names by RFC 2818 does not accept it for ${host}: ${advice}`;
  }
  const names = cert.subjectAltNames.length
    ? list(cert.subjectAltNames)
    : (cn ?? (cert.subject || 'no name at all (empty subject, no alternative names)'));
  return `The certificate is issued to ${names}, not to ${host}: ${advice}`;
}

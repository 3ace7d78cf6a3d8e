// The probe: name -> TCP -> X.224 negotiation -> TLS and certificate, plus by-name vs by-IP. Every layer is
// bounded by the timeout; a layer that cannot be reached is recorded as null and judged "not reached".
import { setMaxListeners } from 'node:events';
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type {
  CertificateInfo,
  DnsLayer,
  IpVsNameLayer,
  NegotiationAttempt,
  ProbeReport,
  ReachOutcome,
  TcpAttempt,
  TlsLayer,
} from '../../shared/probe';
import { formatTarget, parseTarget, type Target } from '../../shared/target';
import { describeCertificate } from './certificate';
import { readIdentity, type IdentityResult } from './identity';
import { namesDiffer } from './judge-identity';
import { cnameOf, resolveName } from './dns';
import { judgeProbe } from './judge';
import { negotiateAll, negotiateOnce, type AttemptWithSocket } from './negotiate';
import { PROTOCOL } from './x224';
import { ConnectGate } from './net';
import { summarizeTcp } from './tcp';
import { isKeyUsageRejection, nativeTls } from './tls';
import { readCertificateFallback } from './tls-fallback';
import { REQUESTS } from './x224';

export const DEFAULT_TIMEOUT_MS = 3000;
/** Addresses of one name tried in turn; each that does not accept can cost one timeout. */
export const MAX_ADDRESSES = 3;

export interface ProbeOptions {
  /**
   * Bound on each network wait (connect, reply, TLS handshake). Default 3000 ms. Worst case for an IP
   * address: about twice this (connect and reply, then TLS); a name adds up to twice again for DNS (the
   * lookup and its repeat) and once per earlier address that does not accept (at most MAX_ADDRESSES - 1).
   * The pure-JS TLS reader, when the platform rejects the key usage (Electron only), adds up to three more;
   * the identity step on a server that selects NLA adds one more (the CredSSP answer).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * auto: the platform's TLS, then the pure-JS reader when it rejects the certificate's key usage;
   * native / fallback: only that one (tests call the fallback explicitly).
   */
  tls?: 'auto' | 'native' | 'fallback';
  now?: () => Date;
  /**
   * Simulation only (`fleet --simulate`): resolves a simulated host's name to 127.0.0.1 and the loopback port of
   * its simulated RDP listener. Unset: the system resolver and DNS, and the target's own port.
   */
  resolver?: (name: string, port: number) => Promise<{ dns: DnsLayer; port: number }>;
}

export class ProbeInputError extends Error {
  override name = 'ProbeInputError';
}

/** Which open socket carries TLS: the request Remote Desktop Connection itself sends comes first. */
const TLS_PREFERENCE = ['hybrid-ex', 'hybrid', 'ssl'] as const;

export async function runProbe(input: Target | string, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const target = typeof input === 'string' ? parseOrThrow(input) : input;
  // Every socket wait listens for the abort: give them a signal of the probe's own, so a caller's signal gets
  // one listener per probe, not one per socket (Node warns past ten: "possible EventTarget memory leak").
  const { signal, release } = ownSignal(opts.signal);
  try {
    return await probe(target, { ...opts, signal });
  } finally {
    release();
  }
}

/** A signal that follows `outer` and may carry any number of listeners; release() detaches it. */
export function ownSignal(outer: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const inner = new AbortController();
  setMaxListeners(0, inner.signal);
  const follow = (): void => inner.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  return { signal: inner.signal, release: () => outer?.removeEventListener('abort', follow) };
}

async function probe(target: Target, opts: ProbeOptions & { signal: AbortSignal }): Promise<ProbeReport> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? (() => new Date());
  const signal = opts.signal;
  const startedAt = new Date();
  const start = process.hrtime.bigint();
  const layers: ProbeReport['layers'] = { dns: null, tcp: null, negotiation: null, tls: null, ipVsName: null, credssp: null };
  let identity: IdentityResult | null = null;

  const resolved = opts.resolver ? await opts.resolver(target.host, target.port) : null;
  layers.dns = resolved?.dns ?? (await resolveName(target.host, timeoutMs, signal));
  // Where the sockets go: the target itself, or a simulated host's loopback listener.
  const dest: Target = resolved ? { ...target, port: resolved.port } : target;
  // Remote Desktop Connection tries a name's addresses in order, so the probe does too: a stale AAAA record
  // first in line must not hide the IPv4 address that works (nor be hidden by it).
  const candidates = [...new Set(layers.dns.lookup.addresses)].slice(0, MAX_ADDRESSES);
  const failedAddresses: TcpAttempt[] = [];
  for (const [i, address] of candidates.entries()) {
    if (signal?.aborted) break;
    const gate = new ConnectGate();
    const { connected, attempts } = negotiateAll(address, dest.port, { timeoutMs, signal, gate });
    if (!(await connected) && i < candidates.length - 1 && !signal?.aborted) {
      // Only the first request was sent; the others settle at once as not tried.
      for (const a of await Promise.all(attempts)) if (a.connect) failedAddresses.push(a.connect);
      continue;
    }
    const comparison = connected.then((ok) =>
      ok && !layers.dns!.isIp && !resolved ? compareIpAndName(target, layers.dns!, { timeoutMs, signal, gate }) : null,
    );
    const [tlsLayer, settled, reachable] = await Promise.all([
      runTls(address, dest, attempts, {
        timeoutMs,
        signal,
        mode: opts.tls ?? 'auto',
        now: now(),
        clock: now,
        onIdentity: (r) => (identity = r),
      }),
      Promise.all(attempts),
      connected,
    ]);
    const samples = settled.flatMap((a) => (a.connect ? [a.connect] : []));
    layers.tcp = { ...summarizeTcp(address, timeoutMs, samples), ...(failedAddresses.length ? { failedAddresses } : {}) };
    if (reachable) {
      layers.negotiation = { address, attempts: settled.map((a) => a.attempt) };
      layers.tls = tlsLayer;
    }
    layers.ipVsName = await comparison;
    break;
  }
  if (layers.dns.isIp)
    layers.ipVsName = {
      compared: false,
      reason: 'The target is an IP address: there is no name to compare',
      byName: null,
      byIp: [],
      alike: true,
    };

  const cancelled = signal?.aborted ?? false;
  // Only when the host names itself otherwise: is the dialled name an alias of it (one more DNS question)?
  const named = (identity as IdentityResult | null)?.identity ?? null;
  const dialledCname =
    named && !layers.dns.isIp && !resolved && !cancelled && namesDiffer(target.host, named)
      ? await cnameOf(target.host, named.dnsDomainName, timeoutMs, signal)
      : undefined;
  const report: ProbeReport = {
    target: formatTarget(target),
    host: target.host,
    port: target.port,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
    timeoutMs,
    cancelled,
    findings: [],
    ...identityFields(identity, layers),
    ...(dialledCname !== undefined ? { dialledCname } : {}),
    layers,
  };
  report.findings = judgeProbe(report);
  return report;
}

function parseOrThrow(text: string): Target {
  const parsed = parseTarget(text);
  if (!parsed.ok) throw new ProbeInputError(parsed.error);
  return parsed.target;
}

/** The first socket in preference order as soon as it is ready; every other one is closed as it settles. */
async function preferredSocket(attempts: Array<Promise<AttemptWithSocket>>): Promise<AttemptWithSocket | undefined> {
  let chosen: AttemptWithSocket | undefined;
  for (const name of TLS_PREFERENCE) {
    const candidate = await attempts[REQUESTS.findIndex((r) => r.name === name)]!;
    if (candidate.socket) {
      chosen = candidate;
      break;
    }
  }
  for (const pending of attempts) void pending.then((a) => a !== chosen && a.socket?.destroy());
  return chosen;
}

async function runTls(
  address: string,
  target: Target,
  attempts: Array<Promise<AttemptWithSocket>>,
  opts: {
    timeoutMs: number;
    signal?: AbortSignal;
    mode: 'auto' | 'native' | 'fallback';
    now: Date;
    clock: () => Date;
    onIdentity: (r: IdentityResult) => void;
  },
): Promise<TlsLayer | null> {
  const chosen = await preferredSocket(attempts);
  if (!chosen?.socket) return null;
  const request = chosen.attempt;
  const layer: TlsLayer = {
    onRequest: request.request,
    via: null,
    ok: false,
    version: null,
    cipher: null,
    errorCode: null,
    error: null,
    fallbackReason: null,
    ms: 0,
    certificate: null,
    sentHex: null,
    receivedHex: null,
  };
  let chain: Buffer[] = [];
  if (opts.mode !== 'fallback') {
    // With NLA selected, the same TLS socket carries the identity exchange before it is closed.
    const nla = ((chosen.attempt.selected ?? 0) & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) !== 0;
    const afterHandshake = nla
      ? async (secure: TLSSocket) =>
          opts.onIdentity(await readIdentity(secure, request.request, { timeoutMs: opts.timeoutMs, signal: opts.signal, now: opts.clock }))
      : undefined;
    const native = await nativeTls(chosen.socket, {
      timeoutMs: opts.timeoutMs,
      servername: target.host,
      signal: opts.signal,
      afterHandshake,
    });
    layer.via = 'native';
    layer.ms = native.ms;
    if (native.ok) {
      Object.assign(layer, { ok: true, version: native.version, cipher: native.cipher });
      chain = native.certificates;
    } else {
      Object.assign(layer, { errorCode: native.code, error: native.message });
      if (opts.mode === 'native' || !isKeyUsageRejection(native)) return finishTls(layer, chain, target, opts.now);
      layer.fallbackReason = `The platform's TLS rejected the certificate's key usage (${native.code}); the pure-JS reader read it instead`;
    }
  }
  if (opts.mode === 'fallback' || layer.fallbackReason) {
    // The native attempt consumed its socket: negotiate again on a fresh one with the same request.
    const socket = opts.mode === 'fallback' ? chosen.socket : await reopen(address, target.port, request, opts);
    if (!socket) {
      Object.assign(layer, {
        via: 'fallback',
        ok: false,
        errorCode: 'renegotiate',
        error: 'A second connection for the pure-JS TLS reader was not accepted',
      });
      return layer;
    }
    const fallback = await readCertificateFallback(socket, { timeoutMs: opts.timeoutMs, servername: target.host, signal: opts.signal });
    Object.assign(layer, { via: 'fallback', ms: layer.ms + fallback.ms, sentHex: fallback.sentHex, receivedHex: fallback.receivedHex });
    if (fallback.ok) {
      Object.assign(layer, { ok: true, version: fallback.version, cipher: fallback.cipher, errorCode: null, error: null });
      chain = fallback.certificates;
    } else Object.assign(layer, { ok: false, errorCode: fallback.code, error: fallback.message });
  }
  return finishTls(layer, chain, target, opts.now);
}

async function reopen(
  address: string,
  port: number,
  request: NegotiationAttempt,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<net.Socket | null> {
  const again = await negotiateOnce(address, port, request.request, request.requested, { ...opts, keepTlsSocket: true });
  return again.socket;
}

function finishTls(layer: TlsLayer, chain: Buffer[], target: Target, now: Date): TlsLayer {
  const [leaf, ...rest] = chain;
  if (!leaf) return layer;
  try {
    layer.certificate = describeCertificate(leaf, target.host, now, rest.length) satisfies CertificateInfo;
  } catch (err) {
    layer.errorCode = 'bad-certificate';
    layer.error = `The server sent a certificate that cannot be read: ${(err as Error).message}`;
  }
  return layer;
}

/** One Connection Request (what Remote Desktop Connection sends) by name and to each resolved address. */
async function compareIpAndName(
  target: Target,
  dnsLayer: NonNullable<ProbeReport['layers']['dns']>,
  opts: { timeoutMs: number; signal?: AbortSignal; gate: ConnectGate },
): Promise<IpVsNameLayer> {
  const addresses = [...new Set([...dnsLayer.lookup.addresses, ...dnsLayer.a.addresses, ...dnsLayer.aaaa.addresses])].slice(0, 4);
  const main = REQUESTS.find((r) => r.name === 'hybrid-ex')!;
  const reach = async (host: string): Promise<ReachOutcome> => {
    const { attempt } = await negotiateOnce(host, target.port, main.name, main.protocols, opts);
    return { address: host, summary: summarize(attempt), ms: attempt.ms };
  };
  const [byName, ...byIp] = await Promise.all([reach(target.host), ...addresses.map(reach)]);
  const alike = byIp.every((r) => r.summary === byName.summary);
  return { compared: true, reason: null, byName: byName, byIp, alike };
}

export function summarize(attempt: NegotiationAttempt): string {
  switch (attempt.outcome) {
    case 'response':
      return `selected ${attempt.selectedName}`;
    case 'failure':
      return `refused with ${attempt.failureName}`;
    case 'legacy':
      return 'legacy confirm';
    case 'refused':
      return 'X.224 disconnect';
    default:
      return attempt.errorCode ?? 'no answer';
  }
}

/** identity and identityReason of the report; the CredSSP layer goes with the other layers. */
function identityFields(result: IdentityResult | null, layers: ProbeReport['layers']): Pick<ProbeReport, 'identity' | 'identityReason'> {
  if (result) {
    layers.credssp = result.layer;
    return { identity: result.identity, identityReason: result.reason };
  }
  return { identity: null, identityReason: noIdentityReason(layers) };
}

function noIdentityReason(layers: ProbeReport['layers']): string {
  if (!layers.negotiation) return 'The RDP port was not reached: no identity before logon';
  const offered = layers.negotiation.attempts.some(
    (a) => a.outcome === 'response' && ((a.selected ?? 0) & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) !== 0,
  );
  if (!offered) return 'The server does not offer NLA (CredSSP): it names itself only after a logon';
  if (!layers.tls?.ok) return 'The TLS handshake did not complete, so the CredSSP exchange could not start';
  return 'The TLS connection was read by the pure-JS reader, which stops before CredSSP';
}

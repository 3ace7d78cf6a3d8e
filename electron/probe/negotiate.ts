// The X.224 negotiation: every request on its own socket, all at once. Sockets whose server selected TLS
// (SSL, HYBRID, HYBRID_EX) are handed back open so the TLS layer can continue on one of them.
import type net from 'node:net';
import type { NegotiationAttempt, NegotiationRequestName, TcpAttempt } from '../../shared/probe';
import { connect, ConnectGate, readTpktFrame } from './net';
import { buildConnectionRequest, flagNames, hex, parseConnectionConfirm, PROTOCOL, protocolNames, REQUESTS, selectedName } from './x224';

export interface AttemptWithSocket {
  attempt: NegotiationAttempt;
  /** Open when the server selected a TLS-based protocol and the caller asked to keep it. */
  socket: net.Socket | null;
  /** The TCP connect of this attempt: the samples of the TCP layer. */
  connect: TcpAttempt | null;
}

const TLS_BASED = PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX;

export function selectsTls(attempt: NegotiationAttempt): boolean {
  return attempt.outcome === 'response' && attempt.selected !== null && (attempt.selected & TLS_BASED) !== 0;
}

function blank(request: NegotiationRequestName, protocols: number | null, sent: Buffer): NegotiationAttempt {
  return {
    request,
    requested: protocols,
    requestedNames: protocols === null ? [] : protocolNames(protocols),
    outcome: 'transport',
    selected: null,
    selectedName: null,
    flags: null,
    flagNames: [],
    failureCode: null,
    failureName: null,
    errorCode: null,
    error: null,
    notes: [],
    sentHex: hex(sent),
    receivedHex: '',
    ms: 0,
  };
}

export interface NegotiateOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  keepTlsSocket?: boolean;
  gate?: ConnectGate;
  /** Told whether the TCP connect succeeded, before the reply is awaited. */
  onConnect?: (ok: boolean) => void;
}

/** One Connection Request on a fresh socket. */
export async function negotiateOnce(
  address: string,
  port: number,
  request: NegotiationRequestName,
  protocols: number | null,
  opts: NegotiateOptions,
): Promise<AttemptWithSocket> {
  const sent = buildConnectionRequest(protocols);
  const attempt = blank(request, protocols, sent);
  const release = opts.gate ? await opts.gate.enter() : () => undefined;
  const start = Date.now();
  const conn = await connect(address, port, opts.timeoutMs, opts.signal);
  opts.onConnect?.(conn.ok);
  const tcp: TcpAttempt = conn.ok
    ? { address, outcome: 'connected', ms: conn.ms, code: null }
    : { address, outcome: conn.outcome, ms: conn.ms, code: conn.code };
  // A server that has not answered within the grace is slow or silent: stop staggering for it.
  const grace = setTimeout(() => opts.gate?.open(), opts.gate?.graceFor(conn.ms, opts.timeoutMs) ?? 0);
  try {
    const result = await exchange(conn, sent, attempt, start, opts);
    // Silent past the whole timeout: certainly past the grace, whatever cleared the timer first.
    if (conn.ok && (attempt.errorCode === 'timeout' || attempt.errorCode === 'slow')) opts.gate?.open();
    return { ...result, connect: tcp };
  } finally {
    clearTimeout(grace);
    release();
  }
}

async function exchange(
  conn: Awaited<ReturnType<typeof connect>>,
  sent: Buffer,
  attempt: NegotiationAttempt,
  start: number,
  opts: { timeoutMs: number; signal?: AbortSignal; keepTlsSocket?: boolean },
): Promise<Omit<AttemptWithSocket, 'connect'>> {
  if (!conn.ok) {
    attempt.errorCode = conn.outcome;
    attempt.error = `The TCP connection failed (${conn.code ?? conn.outcome})`;
    attempt.ms = conn.ms;
    return { attempt, socket: null };
  }
  const socket = conn.socket;
  socket.write(sent);
  const read = await readTpktFrame(socket, { timeoutMs: opts.timeoutMs, signal: opts.signal });
  attempt.ms = Date.now() - start;
  attempt.receivedHex = hex(read.received.subarray(0, 256));
  if (!read.ok) {
    attempt.errorCode = read.code;
    attempt.error = read.message;
    socket.destroy();
    return { attempt, socket: null };
  }
  const confirm = parseConnectionConfirm(read.frame);
  switch (confirm.kind) {
    case 'response':
      attempt.outcome = 'response';
      attempt.selected = confirm.selected;
      attempt.selectedName = selectedName(confirm.selected);
      attempt.flags = confirm.flags;
      attempt.flagNames = flagNames(confirm.flags);
      attempt.notes = confirm.notes;
      break;
    case 'failure':
      attempt.outcome = 'failure';
      attempt.failureCode = confirm.code;
      attempt.failureName = confirm.name ?? `unknown failure code ${confirm.code}`;
      attempt.notes = confirm.notes;
      break;
    case 'legacy':
      attempt.outcome = 'legacy';
      attempt.notes = confirm.notes;
      break;
    case 'refused':
      attempt.outcome = 'refused';
      attempt.notes = confirm.notes;
      break;
    case 'invalid':
      attempt.errorCode = confirm.code;
      attempt.error = confirm.message;
      break;
  }
  if (opts.keepTlsSocket && selectsTls(attempt)) return { attempt, socket };
  socket.destroy();
  return { attempt, socket: null };
}

/**
 * All five requests, each on its own socket, as promises in the order of REQUESTS, so TLS can start on the
 * first suitable socket while the others are still answering. The request Remote Desktop Connection sends
 * goes first and doubles as the reachability test: when its TCP connect fails the others are not made, so
 * a filtered port costs one timeout. Their connects are the TCP layer's latency samples.
 */
export function negotiateAll(
  address: string,
  port: number,
  opts: { timeoutMs: number; signal?: AbortSignal; gate?: ConnectGate },
): { connected: Promise<boolean>; attempts: Array<Promise<AttemptWithSocket>> } {
  const [first, ...rest]: NegotiationRequestName[] = ['hybrid-ex', 'hybrid', 'ssl', 'rdp', 'legacy'];
  const spec = (name: NegotiationRequestName) => REQUESTS.find((x) => x.name === name)!;
  const keep = (protocols: number | null) => protocols !== null && protocols !== 0;
  let onConnect!: (ok: boolean) => void;
  const connected = new Promise<boolean>((resolve) => (onConnect = resolve));
  const started = new Map<NegotiationRequestName, Promise<AttemptWithSocket>>();
  const head = spec(first!);
  started.set(
    head.name,
    negotiateOnce(address, port, head.name, head.protocols, { ...opts, keepTlsSocket: keep(head.protocols), onConnect }),
  );
  for (const name of rest) {
    const r = spec(name);
    started.set(
      name,
      connected.then((ok) =>
        ok
          ? negotiateOnce(address, port, r.name, r.protocols, { ...opts, keepTlsSocket: keep(r.protocols) })
          : notTried(r.name, r.protocols),
      ),
    );
  }
  return { connected, attempts: REQUESTS.map((r) => started.get(r.name)!) };
}

function notTried(name: NegotiationRequestName, protocols: number | null): AttemptWithSocket {
  const attempt = blank(name, protocols, buildConnectionRequest(protocols));
  attempt.errorCode = 'not-tried';
  attempt.error = 'Not sent: the first TCP connection failed';
  return { attempt, socket: null, connect: null };
}

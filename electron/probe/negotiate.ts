// The X.224 negotiation: every request on its own socket, all at once. Sockets whose server selected TLS
// (SSL, HYBRID, HYBRID_EX) are handed back open so the TLS layer can continue on one of them.
import type net from 'node:net';
import type { NegotiationAttempt, NegotiationRequestName } from '../../shared/probe';
import { connect, ConnectGate, readTpktFrame } from './net';
import { buildConnectionRequest, flagNames, hex, parseConnectionConfirm, PROTOCOL, protocolNames, REQUESTS, selectedName } from './x224';

export interface AttemptWithSocket {
  attempt: NegotiationAttempt;
  /** Open when the server selected a TLS-based protocol and the caller asked to keep it. */
  socket: net.Socket | null;
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

/** One Connection Request on a fresh socket. */
export async function negotiateOnce(
  address: string,
  port: number,
  request: NegotiationRequestName,
  protocols: number | null,
  opts: { timeoutMs: number; signal?: AbortSignal; keepTlsSocket?: boolean; gate?: ConnectGate },
): Promise<AttemptWithSocket> {
  const sent = buildConnectionRequest(protocols);
  const attempt = blank(request, protocols, sent);
  const release = opts.gate ? await opts.gate.enter() : () => undefined;
  const start = Date.now();
  const conn = await connect(address, port, opts.timeoutMs, opts.signal);
  const grace = setTimeout(release, opts.gate?.graceMs ?? 0);
  try {
    return await exchange(conn, sent, attempt, start, opts);
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
): Promise<AttemptWithSocket> {
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
 * All five requests in parallel, as promises in the order of REQUESTS, so TLS can start on the first
 * suitable socket while the others are still answering. The requests a client sends first go first.
 */
export function negotiateAll(
  address: string,
  port: number,
  opts: { timeoutMs: number; signal?: AbortSignal; gate?: ConnectGate },
): Array<Promise<AttemptWithSocket>> {
  const order: NegotiationRequestName[] = ['hybrid-ex', 'hybrid', 'ssl', 'rdp', 'legacy'];
  const started = new Map(
    order.map((name) => {
      const r = REQUESTS.find((x) => x.name === name)!;
      return [name, negotiateOnce(address, port, r.name, r.protocols, { ...opts, keepTlsSocket: r.protocols !== null && r.protocols !== 0 })];
    }),
  );
  return REQUESTS.map((r) => started.get(r.name)!);
}


// Socket primitives with a hard deadline on every wait: a hostile or dead peer costs at most the timeout.
import net from 'node:net';
import type { ConnectOutcome } from '../../shared/probe';
import { extractTpkt, TPKT_MAX_CONFIRM } from './x224';
import { connectLookup } from './dns-servers';

export interface Connected {
  ok: true;
  socket: net.Socket;
  ms: number;
}
export interface NotConnected {
  ok: false;
  outcome: Exclude<ConnectOutcome, 'connected'>;
  code: string | null;
  ms: number;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

export function classifyConnectError(code: string | undefined): Exclude<ConnectOutcome, 'connected' | 'cancelled'> {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code && UNREACHABLE.has(code)) return 'unreachable';
  return 'error';
}

export function elapsed(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}

/** Connects to host:port, giving up after timeoutMs. The caller owns the socket on success. */
export function connect(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Connected | NotConnected> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ ok: false, outcome: 'cancelled', code: null, ms: 0 });
    const lookup = net.isIP(host) ? undefined : connectLookup(timeoutMs);
    const socket = net.connect({ host, port, noDelay: true, ...(lookup ? { lookup } : {}) });
    let settled = false;
    const finish = (result: Connected | NotConnected): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (!result.ok) socket.destroy();
      else socket.on('error', () => undefined); // later errors surface through the reader, never as an uncaught event
      resolve(result);
    };
    const onError = (err: NodeJS.ErrnoException): void =>
      finish({ ok: false, outcome: classifyConnectError(err.code), code: err.code ?? null, ms: elapsed(start) });
    const onAbort = (): void => finish({ ok: false, outcome: 'cancelled', code: null, ms: elapsed(start) });
    const timer = setTimeout(() => finish({ ok: false, outcome: 'timeout', code: null, ms: elapsed(start) }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, socket, ms: elapsed(start) }));
    socket.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type ReadResult =
  { ok: true; frame: Buffer; received: Buffer; ms: number } | { ok: false; code: string; message: string; received: Buffer; ms: number };

/**
 * Reads one whole TPKT frame. The deadline covers the whole frame, not each chunk, so a peer that drips
 * bytes cannot stretch it. Bytes beyond the frame stay unread in `received` only (a CC is all there is).
 */
export function readTpktFrame(
  socket: net.Socket,
  opts: { timeoutMs: number; maxLength?: number; signal?: AbortSignal },
): Promise<ReadResult> {
  const start = process.hrtime.bigint();
  const maxLength = opts.maxLength ?? TPKT_MAX_CONFIRM;
  return new Promise((resolve) => {
    let buffer: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (result: ReadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      // Pause so bytes that follow (the TLS handshake on this socket) stay in the socket for the next reader.
      socket.pause();
      resolve(result);
    };
    const fail = (code: string, message: string): void => finish({ ok: false, code, message, received: buffer, ms: elapsed(start) });
    const onData = (chunk: Buffer): void => {
      // Never hold more than one maximal frame plus a chunk: a flood cannot grow memory.
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]).subarray(0, maxLength + 64);
      const result = extractTpkt(buffer, maxLength);
      if (result.kind === 'frame') {
        // Finish first: it removes this listener and pauses the socket. Unshifting into a flowing socket
        // re-emits 'data' synchronously, which would re-enter here without end.
        finish({ ok: true, frame: result.frame, received: result.frame, ms: elapsed(start) });
        if (result.rest.length > 0) socket.unshift(result.rest);
      } else if (result.kind === 'error') fail(result.code, result.message);
    };
    const onEnd = (): void => {
      const partial = extractTpkt(buffer, maxLength);
      if (buffer.length === 0) fail('closed', 'The server closed the connection without answering the Connection Request');
      else if (partial.kind === 'need' && partial.want !== null) {
        fail('truncated', `The server closed the connection after ${buffer.length} of the ${partial.want} bytes its reply announced`);
      } else fail('truncated', `The server closed the connection after sending ${buffer.length} bytes that are not a complete RDP reply`);
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'ECONNRESET') {
        fail(
          'reset',
          buffer.length === 0
            ? 'The server reset the connection (TCP RST) instead of answering the Connection Request'
            : `The server reset the connection after sending ${buffer.length} bytes`,
        );
      } else fail(err.code ?? 'error', `The connection failed while waiting for the reply: ${err.message}`);
    };
    const onAbort = (): void => fail('cancelled', 'The probe was cancelled');
    const timer = setTimeout(() => {
      const partial = extractTpkt(buffer, maxLength);
      if (buffer.length === 0)
        fail('timeout', `The server accepted the connection but did not answer the Connection Request within ${opts.timeoutMs} ms`);
      else if (partial.kind === 'need' && partial.want !== null) {
        fail('slow', `The server sent only ${buffer.length} of the ${partial.want} bytes of its reply within ${opts.timeoutMs} ms`);
      } else
        fail('slow', `The server sent only ${buffer.length} byte${buffer.length === 1 ? '' : 's'} of a reply within ${opts.timeoutMs} ms`);
    }, opts.timeoutMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.resume();
  });
}

/**
 * Staggers one probe's connections to a server, two at a time. Some RDP servers listen with a tiny backlog
 * and accept slowly (xrdp: backlog 2), and a SYN that overflows the queue is retried only after a second. A slot is
 * freed when the server answers; a server that stays silent past the grace opens the gate for good, so a
 * dead or hostile peer does not serialize the probe into several timeouts.
 */
export class ConnectGate {
  private active = 0;
  private opened = false;
  private waiting: Array<() => void> = [];

  constructor(private readonly limit = 2) {}

  /**
   * How long to wait for an answer before giving up on staggering: a few round trips, at least 50 ms, and at
   * most a quarter of the timeout. Uncapped, a slow connect (a SYN retried after a second) made the grace
   * outlast the reply timeout, so a silent server was walked through two at a time: five requests and the
   * by-name comparison took several timeouts in a row instead of one.
   */
  graceFor(connectMs: number, timeoutMs: number): number {
    return Math.min(Math.max(50, connectMs * 4), Math.max(50, timeoutMs / 4));
  }

  open(): void {
    this.opened = true;
    for (const next of this.waiting.splice(0)) next();
  }

  async enter(): Promise<() => void> {
    if (this.opened) return () => undefined;
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.opened) return () => undefined;
    } else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

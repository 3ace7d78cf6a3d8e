// TLS on the socket the negotiation left open, through the platform's TLS stack. Old servers speak only
// TLS 1.0 with SHA-1 signatures, which OpenSSL 3 refuses at its default security level, so the probe lowers
// it for itself: it reads the certificate, it does not trust it.
import net from 'node:net';
import tls from 'node:tls';
import { elapsed } from './net';

export interface NativeTlsOk {
  ok: true;
  version: string;
  cipher: string;
  certificates: Buffer[];
  ms: number;
}
export interface NativeTlsFailed {
  ok: false;
  code: string;
  message: string;
  ms: number;
}

let shared: tls.SecureContext | null = null;
/**
 * One client context for every probe (a context per connection costs more than the handshake). It allows
 * TLS 1.0 and SHA-1 with OpenSSL's "@SECLEVEL=0"; BoringSSL (Electron) rejects that cipher string and
 * needs none, so the plain context is the fallback. `ca: []`: the probe reads the server's chain and judges
 * it itself (certificate.ts); it never asks OpenSSL whether the chain is trusted, so parsing Node's ~140
 * root certificates (about 30 ms, more than the whole handshake on a LAN) would buy nothing.
 */
function clientContext(): tls.SecureContext {
  if (!shared) {
    try {
      shared = tls.createSecureContext({ minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', ca: [] });
    } catch {
      shared = tls.createSecureContext({ minVersion: 'TLSv1', ca: [] });
    }
  }
  return shared;
}

/** True when the failure is the one the pure-JS reader exists for (electron/electron#31042). */
export function isKeyUsageRejection(failure: { code: string; message: string }): boolean {
  return /KEY_USAGE_BIT_INCORRECT/i.test(`${failure.code} ${failure.message}`);
}

function peerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let cert = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | Record<string, never>;
  const seen = new Set<string>();
  while (cert && 'raw' in cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

export function nativeTls(
  socket: net.Socket,
  opts: {
    timeoutMs: number;
    servername: string | null;
    signal?: AbortSignal;
    /** Runs on the open TLS socket after the handshake (the identity probe), before it is closed. */
    afterHandshake?: (secure: tls.TLSSocket) => Promise<void>;
  },
): Promise<NativeTlsOk | NativeTlsFailed> {
  const start = process.hrtime.bigint();
  // The negotiation's answer was read on this socket too: only what came after the ClientHello counts.
  const readBefore = socket.bytesRead;
  return new Promise((resolve) => {
    let settled = false;
    // After the handshake the socket belongs to afterHandshake, which reads its own errors and close.
    let handshook = false;
    let secure: tls.TLSSocket | null = null;
    const finish = (result: NativeTlsOk | NativeTlsFailed): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      secure?.destroy();
      socket.destroy();
      resolve(result);
    };
    const fail = (code: string, message: string): void => {
      if (!handshook) finish({ ok: false, code, message, ms: elapsed(start) });
    };
    const onAbort = (): void => fail('cancelled', 'The probe was cancelled');
    const timer = setTimeout(() => fail('timeout', `The TLS handshake did not complete within ${opts.timeoutMs} ms`), opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      secure = tls.connect({
        socket,
        rejectUnauthorized: false,
        secureContext: clientContext(),
        ...(opts.servername && !net.isIP(opts.servername) ? { servername: opts.servername } : {}),
      });
    } catch (err) {
      fail('tls-setup', `The TLS handshake could not start: ${(err as Error).message}`);
      return;
    }
    secure.once('secureConnect', () => {
      // An event handler: a throw here would be an uncaught exception in Electron's main process, not a finding.
      let result: NativeTlsOk;
      try {
        const s = secure;
        result = {
          ok: true,
          version: s.getProtocol() ?? 'unknown',
          cipher: s.getCipher()?.name ?? 'unknown',
          certificates: peerChain(s),
          ms: elapsed(start),
        };
      } catch (err) {
        fail('bad-certificate', `The server's certificate chain cannot be read: ${(err as Error).message}`);
        return;
      }
      if (!opts.afterHandshake) return finish(result);
      handshook = true;
      clearTimeout(timer);
      opts.afterHandshake(secure).then(
        () => finish(result),
        () => finish(result),
      );
    });
    secure.on('error', (err: NodeJS.ErrnoException) => {
      const early = endedEarly(err, socket.bytesRead - readBefore);
      if (early) fail(early.code, early.message);
      else fail(err.code ?? 'tls-error', describeTlsError(err));
    });
    secure.once('close', () => {
      const early = endedEarly(null, socket.bytesRead - readBefore);
      fail(early?.code ?? 'closed', early?.message ?? 'The server closed the connection during the TLS handshake');
    });
  });
}

/** OpenSSL's words for bytes that are not a TLS record at all (random data, another protocol, a huge length). */
const NOT_TLS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

/**
 * How the server ended the handshake, told by what it sent first: nothing then a reset or a close is the classic
 * "cannot use its key" answer; part of an answer then a close is a broken session; bytes that are not a TLS
 * record mean something else answers. OpenSSL calls a close "disconnected" and random bytes a "wrong version".
 */
function endedEarly(err: NodeJS.ErrnoException | null, received: number): { code: string; message: string } | null {
  if (err && NOT_TLS.has(err.code ?? '')) {
    return { code: 'not-tls', message: `The server answered the TLS ClientHello with ${received} bytes that are not TLS` };
  }
  if (err && err.code !== 'ECONNRESET') return null;
  if (received > 0)
    return { code: 'closed-midway', message: `The server sent ${received} bytes of its TLS answer and then ended the connection` };
  if (err && !/disconnected before secure/i.test(err.message)) {
    return { code: 'reset', message: 'The server reset the connection without answering the TLS ClientHello' };
  }
  return { code: 'closed', message: 'The server closed the connection without answering the TLS ClientHello' };
}

function describeTlsError(err: NodeJS.ErrnoException): string {
  const first = (err.message.split('\n')[0] ?? err.message).trim();
  // OpenSSL: "<id>:error:<code>:<library>:<function>:<reason>:<file>:<line>:<detail>"
  const parts = first.split(':');
  const reason = parts.length >= 6 && parts[1] === 'error' ? parts[5] : null;
  const alert = /alert number (\d+)/.exec(err.message);
  if (alert) return `The server ended the TLS handshake with alert ${alert[1]}${reason ? ` (${reason})` : ''}`;
  return `The TLS handshake failed: ${reason ?? first}`;
}

// Who answers before any password: on the TLS socket of a connection whose server selected HYBRID (NLA), one
// CredSSP TSRequest with an NTLM NEGOTIATE (no user, no password, nothing stored), then the server's
// CHALLENGE: its own names, product version and clock, as nmap's rdp-ntlm-info reads them. The exchange stops
// there; the server drops the half-open logon on its own.
import type { Duplex } from 'node:stream';
import type { CredsspLayer, HostIdentity, NegotiationRequestName } from '../../shared/probe';
import { decodeTsRequest, encodeTsRequest, MAX_TSREQUEST_BYTES, readTlv } from './credssp';
import { elapsed } from './net';
import { buildNegotiate, parseChallenge, type NtlmChallenge } from './ntlm';
import { hex } from './x224';

export interface IdentityResult {
  identity: HostIdentity | null;
  reason: string | null;
  layer: CredsspLayer;
}

/** Reads one whole DER element from the stream, bounded in size and time. */
function readTsRequest(
  stream: Duplex,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ ok: true; message: Buffer; received: Buffer } | { ok: false; code: string; error: string; received: Buffer }> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (r: Parameters<typeof resolve>[0]): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData).off('error', onError).off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]).subarray(0, MAX_TSREQUEST_BYTES + 16);
      const r = readTlv(received);
      if (r.ok) finish({ ok: true, message: received.subarray(0, r.tlv.size), received });
      else if (!r.incomplete)
        finish({ ok: false, code: 'credssp-bad-der', error: `The CredSSP answer is not a TSRequest: ${r.error}`, received });
      else if (received.length > MAX_TSREQUEST_BYTES)
        finish({ ok: false, code: 'credssp-too-long', error: 'The CredSSP answer is larger than a TSRequest can be', received });
    };
    const onError = (err: NodeJS.ErrnoException): void =>
      finish({
        ok: false,
        code: err.code === 'ECONNRESET' ? 'reset' : 'credssp-error',
        error: `The server broke off the CredSSP exchange (${err.code ?? err.message})`,
        received,
      });
    const onClose = (): void =>
      finish({
        ok: false,
        code: received.length ? 'credssp-truncated' : 'closed',
        error: received.length
          ? `The server closed the connection after ${received.length} bytes of its CredSSP answer`
          : 'The server closed the connection instead of answering the CredSSP request',
        received,
      });
    const onAbort = (): void => finish({ ok: false, code: 'cancelled', error: 'The probe was cancelled', received });
    const timer = setTimeout(
      () => finish({ ok: false, code: 'timeout', error: `The server sent no CredSSP answer within ${timeoutMs} ms`, received }),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData).on('error', onError).on('close', onClose);
  });
}

function identityOf(c: NtlmChallenge, receivedAt: Date): HostIdentity {
  return {
    netbiosComputerName: c.netbiosComputerName,
    netbiosDomainName: c.netbiosDomainName,
    dnsComputerName: c.dnsComputerName,
    dnsDomainName: c.dnsDomainName,
    dnsTreeName: c.dnsTreeName,
    productVersion: c.productVersion,
    hostTime: c.hostTime ? c.hostTime.toISOString() : null,
    clockSkewSeconds: c.hostTime ? Math.round((c.hostTime.getTime() - receivedAt.getTime()) / 1000) : null,
  };
}

/** Runs the exchange on an open TLS stream. Never throws; the caller closes the stream. */
export async function readIdentity(
  stream: Duplex,
  onRequest: NegotiationRequestName | null,
  opts: { timeoutMs: number; signal?: AbortSignal; now?: () => Date },
): Promise<IdentityResult> {
  const start = process.hrtime.bigint();
  const sent = encodeTsRequest(buildNegotiate());
  const layer: CredsspLayer = { onRequest, ok: false, errorCode: null, error: null, notes: [], sentHex: hex(sent), receivedHex: '', ms: 0 };
  const failed = (code: string, error: string): IdentityResult => {
    Object.assign(layer, { errorCode: code, error, ms: elapsed(start) });
    return { identity: null, reason: error, layer };
  };
  stream.write(sent);
  const answer = await readTsRequest(stream, opts.timeoutMs, opts.signal);
  const receivedAt = (opts.now ?? (() => new Date()))();
  layer.receivedHex = hex(answer.received.subarray(0, 4096));
  if (!answer.ok) return failed(answer.code, answer.error);
  const decoded = decodeTsRequest(answer.message);
  if (!decoded.ok) return failed(decoded.code, decoded.error);
  const { token, errorCode } = decoded.response;
  if (!token) {
    const why = errorCode !== null ? ` (errorCode 0x${(errorCode >>> 0).toString(16).padStart(8, '0')})` : '';
    return failed('credssp-no-token', `The server answered the CredSSP request without an NTLM CHALLENGE${why}`);
  }
  const challenge = parseChallenge(token);
  if (!challenge.ok) return failed(challenge.code, challenge.error);
  Object.assign(layer, { ok: true, notes: challenge.challenge.notes, ms: elapsed(start) });
  return { identity: identityOf(challenge.challenge, receivedAt), reason: null, layer };
}

// A pure-JS TLS client that goes exactly as far as the server's Certificate message and stops. Electron's
// BoringSSL aborts with KEY_USAGE_BIT_INCORRECT on certificates whose key usage lacks digitalSignature
// (electron/electron#31042), which Windows' own RDP certificates often are; this reads them anyway.
// node-forge's TLS client tops out at TLS 1.1, which current servers refuse, so the ClientHello is built
// here: TLS 1.2, no TLS 1.3 offer, because TLS 1.3 encrypts the Certificate message.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { elapsed } from './net';
import { hex } from './x224';

const CIPHER_SUITES: ReadonlyArray<[number, string]> = [
  [0xc02f, 'ECDHE-RSA-AES128-GCM-SHA256'],
  [0xc030, 'ECDHE-RSA-AES256-GCM-SHA384'],
  [0xc02b, 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  [0xc02c, 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  [0xcca8, 'ECDHE-RSA-CHACHA20-POLY1305'],
  [0xcca9, 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  [0xc027, 'ECDHE-RSA-AES128-SHA256'],
  [0xc028, 'ECDHE-RSA-AES256-SHA384'],
  [0xc013, 'ECDHE-RSA-AES128-SHA'],
  [0xc014, 'ECDHE-RSA-AES256-SHA'],
  [0x009e, 'DHE-RSA-AES128-GCM-SHA256'],
  [0x009f, 'DHE-RSA-AES256-GCM-SHA384'],
  [0x009c, 'AES128-GCM-SHA256'],
  [0x009d, 'AES256-GCM-SHA384'],
  [0x003c, 'AES128-SHA256'],
  [0x003d, 'AES256-SHA256'],
  [0x002f, 'AES128-SHA'],
  [0x0035, 'AES256-SHA'],
  [0x000a, 'DES-CBC3-SHA'],
];
const SCSV_RENEGOTIATION = 0x00ff;

const VERSIONS: Readonly<Record<number, string>> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};

const ALERTS: Readonly<Record<number, string>> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record MAC',
  40: 'handshake failure',
  42: 'bad certificate',
  43: 'unsupported certificate',
  47: 'illegal parameter',
  50: 'decode error',
  51: 'decrypt error',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  112: 'unrecognized name',
};

export function alertName(code: number): string {
  return ALERTS[code] ?? `alert ${code}`;
}

function u16(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}
function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(body.length), body]);
}
function vector16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

export function buildClientHello(servername: string | null): Buffer {
  const suites = Buffer.concat([...CIPHER_SUITES.map(([id]) => u16(id)), u16(SCSV_RENEGOTIATION)]);
  const extensions: Buffer[] = [];
  if (servername && !net.isIP(servername)) {
    const name = Buffer.from(servername, 'ascii');
    extensions.push(extension(0x0000, vector16(Buffer.concat([Buffer.from([0]), vector16(name)]))));
  }
  // x25519, secp256r1, secp384r1, secp521r1
  extensions.push(extension(0x000a, vector16(Buffer.concat([0x001d, 0x0017, 0x0018, 0x0019].map(u16)))));
  extensions.push(extension(0x000b, Buffer.from([1, 0])));
  const sigalgs = [0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806, 0x0403, 0x0503, 0x0603, 0x0201, 0x0203];
  extensions.push(extension(0x000d, vector16(Buffer.concat(sigalgs.map(u16)))));
  extensions.push(extension(0x0017, Buffer.alloc(0)));
  const body = Buffer.concat([
    u16(0x0303),
    randomBytes(32),
    Buffer.from([0]),
    vector16(suites),
    Buffer.from([1, 0]),
    vector16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([Buffer.from([0x01]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

export type HelloState =
  | { kind: 'need' }
  | { kind: 'done'; version: string; cipher: string; certificates: Buffer[] }
  | { kind: 'error'; code: string; message: string };

const MAX_RECORD = 16384 + 2048;
/** Bound on everything the reader keeps: a server certificate chain is far smaller. */
const MAX_HANDSHAKE_BYTES = 256 * 1024;

/**
 * Incremental parser of the server's first flight: records, then handshake messages across records, until
 * ServerHello and Certificate are both seen. Pure and bounded; the fuzz test drives it directly.
 */
export class ServerFlightReader {
  private records = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private version: string | null = null;
  private cipher: string | null = null;
  private state: HelloState = { kind: 'need' };

  push(chunk: Buffer): HelloState {
    if (this.state.kind !== 'need') return this.state;
    this.records = Buffer.concat([this.records, chunk]);
    this.state = this.drain();
    return this.state;
  }

  private fail(code: string, message: string): HelloState {
    return { kind: 'error', code, message };
  }

  private drain(): HelloState {
    while (this.records.length >= 5) {
      const type = this.records[0]!;
      const major = this.records[1]!;
      const length = this.records.readUInt16BE(3);
      if (major !== 0x03) {
        const text = this.records.subarray(0, 5).toString('latin1');
        return this.fail(
          'not-tls',
          /^HTTP\//.test(text)
            ? 'The server answered the ClientHello in HTTP, not TLS'
            : `The server's reply is not TLS (it starts with ${hex(this.records.subarray(0, 5))})`,
        );
      }
      if (length > MAX_RECORD)
        return this.fail('record-too-long', `The server sent a TLS record of ${length} bytes, over the limit of ${MAX_RECORD}`);
      if (this.records.length < 5 + length) return { kind: 'need' };
      const body = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      if (type === 0x15) {
        if (body.length < 2) return this.fail('alert', 'The server sent a malformed TLS alert');
        return this.fail(`alert-${body[1]}`, `The server ended the TLS handshake with alert "${alertName(body[1]!)}" (${body[1]})`);
      }
      if (type !== 0x16) return this.fail('unexpected-record', `The server sent a TLS record of type ${type} before its certificate`);
      if (this.handshake.length + body.length > MAX_HANDSHAKE_BYTES)
        return this.fail('too-large', "The server's TLS handshake is larger than any certificate chain should be");
      this.handshake = Buffer.concat([this.handshake, body]);
      const result = this.readMessages();
      if (result.kind !== 'need') return result;
    }
    return { kind: 'need' };
  }

  private readMessages(): HelloState {
    while (this.handshake.length >= 4) {
      const type = this.handshake[0]!;
      const length = this.handshake.readUIntBE(1, 3);
      if (length > MAX_HANDSHAKE_BYTES) return this.fail('too-large', `The server announced a TLS handshake message of ${length} bytes`);
      if (this.handshake.length < 4 + length) return { kind: 'need' };
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      if (type === 0x02) {
        const hello = this.readServerHello(body);
        if (hello) return hello;
      } else if (type === 0x0b) {
        if (!this.version) return this.fail('order', 'The server sent its Certificate before its ServerHello');
        return this.readCertificate(body);
      } else if (type === 0x0e) {
        return this.fail('no-certificate', 'The server finished its TLS hello without sending a certificate (an anonymous cipher)');
      }
      // Other messages before the certificate (none are expected in TLS 1.2) are skipped.
    }
    return { kind: 'need' };
  }

  private readServerHello(body: Buffer): HelloState | null {
    if (body.length < 38) return this.fail('bad-hello', 'The server sent a truncated ServerHello');
    const version = body.readUInt16BE(0);
    const sessionLength = body[34]!;
    if (body.length < 35 + sessionLength + 3) return this.fail('bad-hello', 'The server sent a truncated ServerHello');
    const suite = body.readUInt16BE(35 + sessionLength);
    this.version = VERSIONS[version] ?? `0x${version.toString(16)}`;
    this.cipher = CIPHER_SUITES.find(([id]) => id === suite)?.[1] ?? `0x${suite.toString(16).padStart(4, '0')}`;
    if (version === 0x0304 || this.hasTls13Extension(body.subarray(35 + sessionLength + 3))) {
      return this.fail('tls13', 'The server chose TLS 1.3, which was not offered');
    }
    return null;
  }

  private hasTls13Extension(rest: Buffer): boolean {
    if (rest.length < 2) return false;
    let pos = 2;
    const end = Math.min(rest.length, 2 + rest.readUInt16BE(0));
    while (pos + 4 <= end) {
      const type = rest.readUInt16BE(pos);
      const len = rest.readUInt16BE(pos + 2);
      if (type === 0x002b) return true;
      pos += 4 + len;
    }
    return false;
  }

  private readCertificate(body: Buffer): HelloState {
    if (body.length < 3) return this.fail('bad-certificate-message', 'The server sent a truncated Certificate message');
    const total = body.readUIntBE(0, 3);
    if (total + 3 > body.length)
      return this.fail('bad-certificate-message', "The server's Certificate message is shorter than it announces");
    const certificates: Buffer[] = [];
    let pos = 3;
    while (pos + 3 <= 3 + total) {
      const len = body.readUIntBE(pos, 3);
      if (pos + 3 + len > 3 + total) return this.fail('bad-certificate-message', "A certificate in the server's chain is cut short");
      certificates.push(Buffer.from(body.subarray(pos + 3, pos + 3 + len)));
      pos += 3 + len;
    }
    if (certificates.length === 0) return this.fail('no-certificate', 'The server sent an empty certificate chain');
    return { kind: 'done', version: this.version ?? 'unknown', cipher: this.cipher ?? 'unknown', certificates };
  }
}

export type FallbackResult =
  | { ok: true; version: string; cipher: string; certificates: Buffer[]; sentHex: string; receivedHex: string; ms: number }
  | { ok: false; code: string; message: string; sentHex: string; receivedHex: string; ms: number };

/** Sends a ClientHello on `socket` (right after the X.224 exchange) and reads up to the Certificate message. */
export function readCertificateFallback(
  socket: net.Socket,
  opts: { timeoutMs: number; servername: string | null; signal?: AbortSignal },
): Promise<FallbackResult> {
  const start = process.hrtime.bigint();
  const hello = buildClientHello(opts.servername);
  const reader = new ServerFlightReader();
  let received = Buffer.alloc(0);
  return new Promise((resolve) => {
    let settled = false;
    const common = () => ({ sentHex: hex(hello), receivedHex: hex(received.subarray(0, 4096)), ms: elapsed(start) });
    const finish = (result: FallbackResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const fail = (code: string, message: string): void => finish({ ok: false, code, message, ...common() });
    const onData = (chunk: Buffer): void => {
      if (received.length < 4096) received = Buffer.concat([received, chunk]).subarray(0, 4096);
      let state: HelloState;
      try {
        state = reader.push(chunk);
      } catch (err) {
        // The reader is fuzzed not to throw; should it ever, it must be a finding, never an uncaught exception.
        state = { kind: 'error', code: 'parser', message: `The server's TLS reply could not be parsed: ${(err as Error).message}` };
      }
      if (state.kind === 'done')
        finish({ ok: true, version: state.version, cipher: state.cipher, certificates: state.certificates, ...common() });
      else if (state.kind === 'error') fail(state.code, state.message);
    };
    const onAbort = (): void => fail('cancelled', 'The probe was cancelled');
    const timer = setTimeout(() => fail('timeout', `The server did not send its certificate within ${opts.timeoutMs} ms`), opts.timeoutMs);
    socket.on('data', onData);
    socket.on('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'ECONNRESET' ? 'reset' : (err.code ?? 'error'),
        err.code === 'ECONNRESET' ? 'The server reset the connection during the TLS handshake' : `The TLS handshake failed: ${err.message}`,
      ),
    );
    socket.on('close', () => fail('closed', 'The server closed the connection during the TLS handshake, before sending its certificate'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.write(hello);
    socket.resume();
  });
}

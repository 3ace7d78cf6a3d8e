// Hostile bytes into every parser that reads the network: no exception escapes, nothing loops.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from '../../electron/probe/certificate';
import { ServerFlightReader } from '../../electron/probe/tls-fallback';
import { extractTpkt, parseConnectionConfirm } from '../../electron/probe/x224';
import { confirm, negFailure, negResponse } from '../support/fake-peers';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

/** xorshift32: fast and reproducible, so a failure can be replayed from its seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const SEEDS = [negResponse(1), negResponse(8, 0x1f), negFailure(3), confirm(null), Buffer.from('0300000b06800000000000', 'hex')];
const FRAMES = Number(process.env.PROBE_FUZZ_FRAMES ?? 120_000);

function mutate(next: () => number, base: Buffer): Buffer {
  const b = Buffer.from(base);
  const op = next() % 6;
  if (op === 0) return Buffer.from(Array.from({ length: next() % 64 }, () => next() & 0xff));
  if (op === 1) b[next() % b.length] = next() & 0xff;
  if (op === 2) b.writeUInt16BE(next() & 0xffff, 2);
  if (op === 3) return Buffer.concat([b, Buffer.from(Array.from({ length: next() % 32 }, () => next() & 0xff))]);
  if (op === 4) return b.subarray(0, next() % b.length);
  for (let i = 0; i < 1 + (next() % 4); i++) {
    const at = next() % b.length;
    b[at] = b[at]! ^ (1 << (next() % 8));
  }
  return b;
}

describe('fuzz', () => {
  it(`X.224 reply parser: ${FRAMES} random and mutated frames`, () => {
    const next = rng(0x5eed);
    const kinds = new Map<string, number>();
    for (let i = 0; i < FRAMES; i++) {
      const input = mutate(next, SEEDS[i % SEEDS.length]!);
      const framed = extractTpkt(input);
      kinds.set(framed.kind, (kinds.get(framed.kind) ?? 0) + 1);
      if (framed.kind === 'frame') {
        const parsed = parseConnectionConfirm(framed.frame);
        kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
      }
      // The confirm parser is also fed unframed bytes directly.
      parseConnectionConfirm(input);
    }
    // Every path was exercised, not only the error path.
    for (const k of ['frame', 'need', 'error', 'response', 'failure', 'legacy', 'invalid']) expect(kinds.get(k) ?? 0).toBeGreaterThan(0);
  });

  let certs: TestCertificates;
  let der: Buffer;
  beforeAll(async () => {
    certs = await makeCertificates();
    der = new X509Certificate(readFileSync(certs.valid.cert)).raw;
  }, 30_000);
  afterAll(() => rm(certs.dir, { recursive: true, force: true }));

  it('TLS first-flight reader: random and mutated records, fed in random chunks', () => {
    const next = rng(0xc0ffee);
    const hello = Buffer.from('0200004a0303' + '11'.repeat(32) + '00' + 'c02f' + '00' + '0000', 'hex');
    hello.writeUIntBE(hello.length - 4, 1, 3);
    const certMsg = Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(3), Buffer.alloc(3), Buffer.alloc(3), der]);
    certMsg.writeUIntBE(der.length + 6, 1, 3);
    certMsg.writeUIntBE(der.length + 3, 4, 3);
    certMsg.writeUIntBE(der.length, 7, 3);
    const body = Buffer.concat([hello, certMsg]);
    const valid = Buffer.concat([Buffer.from([0x16, 0x03, 0x03, body.length >> 8, body.length & 0xff]), body]);
    let done = 0;
    for (let i = 0; i < 20_000; i++) {
      const input = i % 10 === 0 ? valid : mutate(next, valid);
      const reader = new ServerFlightReader();
      let pos = 0;
      let state = reader.push(Buffer.alloc(0));
      while (pos < input.length && state.kind === 'need') {
        const n = 1 + (next() % 200);
        state = reader.push(input.subarray(pos, pos + n));
        pos += n;
      }
      if (state.kind === 'done') done++;
    }
    expect(done).toBeGreaterThanOrEqual(2000);
  });

  it('certificate reader: mutated DER throws only ordinary errors, never hangs', () => {
    const next = rng(0xbadc0de);
    let read = 0;
    for (let i = 0; i < 800; i++) {
      const b = Buffer.from(der);
      for (let k = 0; k < 1 + (next() % 3); k++) b[next() % b.length] = next() & 0xff;
      try {
        describeCertificate(b, 'localhost', new Date());
        read++;
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
      }
    }
    expect(read).toBeGreaterThan(0);
  });
});

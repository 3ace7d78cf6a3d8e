// The client probe's certificate judgement at its boundaries: one certificate (valid 2020-01-01 to
// 2021-01-01, made by openssl), read at instants one second either side of each limit. X.509 validity
// includes both notBefore and notAfter (RFC 5280 4.1.2.5); the probe warns inside 14 days of the end.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../shared/probe';
import { describeCertificate } from '../../electron/probe/certificate';
import { judgeProbe } from '../../electron/probe/judge';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeCertificates();
});
afterAll(async () => {
  await rm(certs.dir, { recursive: true, force: true });
});

const SECOND = 1000;
const DAY = 86_400_000;
const FROM = Date.parse('2020-01-01T00:00:00Z');
const TO = Date.parse('2021-01-01T00:00:00Z');

function certificateStatus(now: number): { status: string; code: string } {
  const der = new X509Certificate(readFileSync(certs.expired.cert)).raw;
  const c = describeCertificate(der, 'localhost', new Date(now));
  const report = {
    host: 'localhost',
    layers: { tls: { ok: true, via: 'native', version: 'TLSv1.2', certificate: c } },
  } as unknown as ProbeReport;
  const f = judgeProbe(report).find((x) => /^certificate\.(valid|expired|expiring|not-yet-valid)$/.test(x.code ?? ''))!;
  return { status: f.status, code: f.code ?? '' };
}

describe('probe: certificate validity boundaries', () => {
  const rows: Array<[string, number, string, string]> = [
    ['a second before notBefore', FROM - SECOND, 'fail', 'certificate.not-yet-valid'],
    ['at notBefore', FROM, 'pass', 'certificate.valid'],
    ['mid-life', FROM + 100 * DAY, 'pass', 'certificate.valid'],
    ['exactly 14 days before notAfter', TO - 14 * DAY, 'pass', 'certificate.valid'],
    ['14 days before notAfter, plus a second (13 whole days left)', TO - 14 * DAY + SECOND, 'warn', 'certificate.expiring'],
    ['a second before notAfter', TO - SECOND, 'warn', 'certificate.expiring'],
    ['at notAfter (still valid: notAfter is inclusive)', TO, 'warn', 'certificate.expiring'],
    ['a second after notAfter', TO + SECOND, 'fail', 'certificate.expired'],
  ];
  it('the certificate is the one the table assumes', () => {
    const x = new X509Certificate(readFileSync(certs.expired.cert));
    expect([Date.parse(x.validFrom), Date.parse(x.validTo)]).toEqual([FROM, TO]);
  });
  for (const [what, now, status, code] of rows) {
    it(`${what}: ${status} (${code})`, () => {
      expect(certificateStatus(now)).toEqual({ status, code });
    });
  }
});

// The probe against a real RDP server: Debian's xrdp on loopback, one instance per configuration, started
// in parallel. Without xrdp the suite fails, naming the package (npm test checks for it first).
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../shared/probe';
import { runProbe } from '../../electron/probe';
import { negotiateOnce } from '../../electron/probe/negotiate';
import { describeCertificate } from '../../electron/probe/certificate';
import { readCertificateFallback } from '../../electron/probe/tls-fallback';
import { probeCommand } from '../../electron/cli/commands/probe';
import {
  XRDP_BIN,
  makeCertificates,
  startXrdp,
  xrdpAvailable,
  type TestCertificates,
  type XrdpOptions,
  type XrdpServer,
} from '../support/xrdp';

const TIMEOUT = 3000;
type Name = 'negotiate' | 'tls' | 'rdp' | 'expired' | 'notYetValid' | 'keyEncipherment' | 'tls1' | 'tls1Strict';

let certs: TestCertificates;
const servers = {} as Record<Name, XrdpServer>;
const reports = {} as Record<Name, ProbeReport>;

describe('probe against xrdp', () => {
  beforeAll(async () => {
    if (!xrdpAvailable) throw new Error(`${XRDP_BIN} is absent: install Debian's xrdp package (scripts/setup.sh does)`);
    certs = await makeCertificates();
    const configs: Record<Name, XrdpOptions> = {
      negotiate: { securityLayer: 'negotiate', cert: certs.valid },
      tls: { securityLayer: 'tls', cert: certs.valid },
      rdp: { securityLayer: 'rdp', cert: certs.valid },
      expired: { securityLayer: 'negotiate', cert: certs.expired },
      notYetValid: { securityLayer: 'negotiate', cert: certs.notYetValid },
      keyEncipherment: { securityLayer: 'negotiate', cert: certs.keyEnciphermentOnly },
      // TLS 1.0 only, with the ciphers OpenSSL 3 needs to offer it at all: a version mismatch for modern clients.
      tls1: { securityLayer: 'negotiate', cert: certs.valid, sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' },
      // TLS 1.0 only at OpenSSL's default security level: the server cannot complete any handshake.
      tls1Strict: { securityLayer: 'negotiate', cert: certs.valid, sslProtocols: 'TLSv1' },
    };
    const names = Object.keys(configs) as Name[];
    const started = await Promise.all(names.map((n) => startXrdp(configs[n])));
    names.forEach((n, i) => (servers[n] = started[i]!));
    // One probe at a time: xrdp accepts slowly, and eight servers forking at once on a busy CI box is a load
    // test, not a probe test. Each probe takes tens of milliseconds.
    for (const n of names) reports[n] = await runProbe({ host: '127.0.0.1', port: servers[n].port }, { timeoutMs: TIMEOUT });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    if (certs) await rm(certs.dir, { recursive: true, force: true });
  });

  const find = (name: Name, code: string) => reports[name].findings.find((f) => f.code === code);
  const attempt = (name: Name, request: string) => reports[name].layers.negotiation!.attempts.find((a) => a.request === request)!;

  it('security_layer=negotiate: TLS offered, NLA not (xrdp has no CredSSP), certificate read', () => {
    const r = reports.negotiate;
    expect(attempt('negotiate', 'rdp').selectedName).toBe('RDP');
    expect(attempt('negotiate', 'ssl').selectedName).toBe('SSL');
    expect(attempt('negotiate', 'hybrid-ex').selectedName).toBe('SSL');
    expect(attempt('negotiate', 'legacy').outcome).toBe('legacy');
    expect(attempt('negotiate', 'hybrid-ex').sentHex).toBe('030000130ee00000000000010008000b000000');
    expect(attempt('negotiate', 'hybrid-ex').receivedHex).toMatch(/^030000130ed0/);
    expect(find('negotiate', 'negotiation.no-nla')?.text).toContain(
      'NLA is not offered: the server selected TLS without CredSSP when CredSSP was requested',
    );
    expect(r.layers.tls?.ok).toBe(true);
    expect(r.layers.tls?.via).toBe('native');
    const c = r.layers.tls!.certificate!;
    expect(c.subjectCommonName).toBe('localhost');
    expect(c.nameMatches).toBe(true);
    expect(c.selfSigned).toBe(true);
    expect(c.expired).toBe(false);
    expect(c.daysLeft).toBeGreaterThanOrEqual(363);
    expect(c.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(c.extendedKeyUsage).toEqual(['serverAuth']);
    const openssl = execFileSync('openssl', ['x509', '-in', certs.valid.cert, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
    expect(c.thumbprint).toBe(openssl.split('=')[1]!.trim().replace(/:/g, ''));
    expect(find('negotiate', 'certificate.valid')?.status).toBe('pass');
    expect(r.layers.tcp?.lossPct).toBe(0);
  });

  it('security_layer=tls: standard RDP security is refused with SSL_REQUIRED_BY_SERVER', () => {
    expect(attempt('tls', 'rdp').failureName).toBe('SSL_REQUIRED_BY_SERVER');
    const f = find('tls', 'SSL_REQUIRED_BY_SERVER')!;
    expect(f.status).toBe('pass');
    expect(f.text).toBe('The server requires TLS, so a client limited to standard RDP security is refused (SSL_REQUIRED_BY_SERVER)');
    expect(reports.tls.layers.tls?.ok).toBe(true);
  });

  it('security_layer=rdp: standard RDP selected even when CredSSP and TLS are requested', () => {
    expect(attempt('rdp', 'hybrid-ex').selectedName).toBe('RDP');
    const f = find('rdp', 'negotiation.standard-rdp')!;
    expect(f.status).toBe('warn');
    expect(f.text).toMatch(
      /^NLA is not offered: the server selected standard RDP when CredSSP was requested, and also when only TLS was requested/,
    );
    expect(f.related).toEqual(['host.security-layer', 'host.nla']);
    expect(reports.rdp.layers.tls).toBeNull();
  });

  it('an expired certificate: the expiry date in plain words', () => {
    const f = find('expired', 'certificate.expired')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/^The server's certificate expired on 2021-01-01/);
    expect(f.related).toEqual(['host.certificate']);
    expect(reports.expired.layers.tls?.certificate?.validFrom).toBe('2020-01-01T00:00:00.000Z');
  });

  it('a certificate not yet valid', () => {
    const f = find('notYetValid', 'certificate.not-yet-valid')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/not valid until 2099-01-01/);
  });

  it('TLS 1.0 only: the old version is a warning, the certificate is still read', () => {
    const tls = reports.tls1.layers.tls!;
    expect(tls.ok).toBe(true);
    expect(tls.version).toBe('TLSv1');
    expect(find('tls1', 'tls.old-version')?.text).toMatch(/highest TLS version is TLS 1\.0/);
    expect(tls.certificate?.subjectCommonName).toBe('localhost');
  });

  it('TLS 1.0 only at the default security level: the handshake fails with a finding', () => {
    const tls = reports.tls1Strict.layers.tls!;
    expect(tls.ok).toBe(false);
    const f = reports.tls1Strict.findings.find((x) => x.layer === 'tls')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/alert|TLS/);
  });

  it('keyUsage=keyEncipherment only: the key usage is reported', () => {
    const c = reports.keyEncipherment.layers.tls?.certificate;
    expect(c?.keyUsage).toEqual(['keyEncipherment']);
    expect(find('keyEncipherment', 'certificate.key-usage-strict')?.text).toContain('electron/electron#31042');
  });

  it('the pure-JS fallback, called directly, reads the keyEncipherment-only certificate', async () => {
    const { port } = servers.keyEncipherment;
    const { attempt: a, socket } = await negotiateOnce('127.0.0.1', port, 'ssl', 1, { timeoutMs: TIMEOUT, keepTlsSocket: true });
    expect(a.selectedName).toBe('SSL');
    expect(socket).not.toBeNull();
    const result = await readCertificateFallback(socket!, { timeoutMs: TIMEOUT, servername: 'localhost' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.version).toBe('TLSv1.2');
    expect(result.sentHex.startsWith('160301')).toBe(true);
    const c = describeCertificate(result.certificates[0]!, '127.0.0.1', new Date());
    expect(c.keyUsage).toEqual(['keyEncipherment']);
    expect(c.thumbprint).toBe(reports.keyEncipherment.layers.tls?.certificate?.thumbprint);
  });

  it('the probe in fallback mode gives the same certificate facts as the native path', async () => {
    const r = await runProbe({ host: '127.0.0.1', port: servers.expired.port }, { timeoutMs: TIMEOUT, tls: 'fallback' });
    expect(r.layers.tls?.via).toBe('fallback');
    expect(r.layers.tls?.certificate?.thumbprint).toBe(reports.expired.layers.tls?.certificate?.thumbprint);
    expect(r.findings.find((f) => f.code === 'certificate.expired')?.text).toMatch(/expired on 2021-01-01/);
  });

  it('rdp-doctor probe --json on the expired server: exit 1, the date and the failure in the JSON', async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined, isTTY: false, env: {}, cwd: process.cwd() };
    const code = await probeCommand([`127.0.0.1:${servers.expired.port}`, '--json', '--timeout', String(TIMEOUT)], io);
    expect(code).toBe(1);
    const doc = JSON.parse(out) as ProbeReport;
    expect(doc.findings.some((f) => f.status === 'fail' && /expired on 2021-01-01/.test(f.text))).toBe(true);
    expect(doc.layers.negotiation?.attempts[0]?.sentHex).toMatch(/^0300/);
  });

  it('is fast: a full probe of a healthy xrdp takes well under a second', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++)
      times.push((await runProbe({ host: '127.0.0.1', port: servers.negotiate.port }, { timeoutMs: TIMEOUT })).durationMs);
    expect(Math.min(...times)).toBeLessThan(1000);
  });
});

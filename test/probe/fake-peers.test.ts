// Every hostile or odd peer gets a clear finding within the timeout, and nothing throws.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../shared/probe';
import { runProbe } from '../../electron/probe';
import { closedPort, startFakePeer, startFilteredPort, type FakePeer, type PeerBehaviour } from '../support/fake-peers';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

const TIMEOUT = 1000;
/** The probe's wall time bound: negotiation and TLS each get the timeout, plus scheduling slack. */
const BOUND = 2 * TIMEOUT + 1500;

let certs: TestCertificates;
const peers: FakePeer[] = [];

beforeAll(async () => {
  certs = await makeCertificates();
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await rm(certs.dir, { recursive: true, force: true });
});

async function probe(behaviour: PeerBehaviour): Promise<ProbeReport> {
  const peer = await startFakePeer(behaviour);
  peers.push(peer);
  const report = await runProbe({ host: '127.0.0.1', port: peer.port }, { timeoutMs: TIMEOUT });
  expect(report.durationMs).toBeLessThan(BOUND);
  return report;
}

const codes = (r: ProbeReport) => r.findings.map((f) => f.code);
const find = (r: ProbeReport, code: string) => r.findings.find((f) => f.code === code);

describe.concurrent('fake peers', () => {
  const failures: Array<[number, string, string]> = [
    [1, 'SSL_REQUIRED_BY_SERVER', 'fail'],
    [2, 'SSL_NOT_ALLOWED_BY_SERVER', 'warn'],
    [3, 'SSL_CERT_NOT_ON_SERVER', 'fail'],
    [4, 'INCONSISTENT_FLAGS', 'fail'],
    [5, 'HYBRID_REQUIRED_BY_SERVER', 'fail'],
    [6, 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER', 'warn'],
  ];
  for (const [code, name, status] of failures) {
    it(`RDP_NEG_FAILURE ${code} is named ${name}`, async () => {
      const r = await probe({ kind: 'failure', code });
      const f = find(r, name);
      expect(f, JSON.stringify(r.findings)).toBeDefined();
      // Refused on every request: nothing else works, so even "requires NLA" is not a pass here.
      expect(f!.status).toBe(status);
      expect(r.layers.negotiation!.attempts.filter((a) => a.request !== 'legacy').every((a) => a.failureCode === code)).toBe(true);
    });
  }

  it('SSL_CERT_NOT_ON_SERVER points at host.certificate and host.machinekeys', async () => {
    const r = await probe({ kind: 'failure', code: 3 });
    const f = find(r, 'SSL_CERT_NOT_ON_SERVER')!;
    expect(f.text).toContain('(SSL_CERT_NOT_ON_SERVER): see host.certificate and host.machinekeys');
    expect(f.related).toEqual(['host.certificate', 'host.machinekeys']);
  });

  it('HYBRID selected: NLA offered, TLS read, refusals of non-NLA requests are a pass', async () => {
    const r = await probe({ kind: 'nla', cert: certs.valid });
    expect(find(r, 'negotiation.nla')?.status).toBe('pass');
    expect(find(r, 'negotiation.nla')?.text).toContain('HYBRID_EX');
    expect(find(r, 'HYBRID_REQUIRED_BY_SERVER')?.status).toBe('pass');
    expect(find(r, 'HYBRID_REQUIRED_BY_SERVER')?.related).toEqual(['host.nla']);
    const hybrid = r.layers.negotiation!.attempts.find((a) => a.request === 'hybrid')!;
    expect(hybrid.selectedName).toBe('HYBRID');
    expect(hybrid.flagNames).toContain('RESTRICTED_ADMIN_MODE_SUPPORTED');
    expect(r.layers.tls?.ok).toBe(true);
    expect(r.layers.tls?.certificate?.subjectCommonName).toBe('localhost');
    expect(r.findings.every((f) => f.status !== 'fail')).toBe(true);
  });

  it('standard RDP selected when CredSSP was requested: NLA not offered', async () => {
    const r = await probe({ kind: 'select', protocol: 0 });
    const f = find(r, 'negotiation.standard-rdp')!;
    expect(f.status).toBe('warn');
    expect(f.text).toContain('NLA is not offered: the server selected standard RDP when CredSSP was requested');
    expect(codes(r)).toContain('not-reached');
  });

  it('a legacy server without negotiation data', async () => {
    const r = await probe({ kind: 'legacy' });
    expect(find(r, 'negotiation.legacy')?.status).toBe('warn');
  });

  it('accepts and never answers', async () => {
    const r = await probe({ kind: 'silent' });
    const f = find(r, 'negotiation.timeout')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/did not answer the Connection Request within 1000 ms/);
    expect(r.layers.tcp?.lossPct).toBe(0);
  });

  it('answers HTTP', async () => {
    const r = await probe({ kind: 'http' });
    expect(find(r, 'negotiation.http')?.text).toMatch(/answered in HTTP, not RDP/);
  });

  it('closes without answering', async () => {
    const r = await probe({ kind: 'close' });
    expect(find(r, 'negotiation.closed')?.text).toMatch(/closed the connection without answering/);
  });

  it('resets the connection', async () => {
    const r = await probe({ kind: 'reset' });
    expect(find(r, 'negotiation.reset')?.text).toMatch(/reset the connection/);
  });

  it('drips one byte a second', async () => {
    const r = await probe({ kind: 'drip' });
    expect(find(r, 'negotiation.slow')?.text).toMatch(/sent only (1 byte of a reply|\d+ of the 19 bytes of its reply) within 1000 ms/);
  });

  it('announces a TPKT length of 65535', async () => {
    const r = await probe({ kind: 'tpkt-length', length: 65535 });
    expect(find(r, 'negotiation.tpkt-too-long')?.text).toMatch(/announces 65535 bytes, more than the 1024/);
  });

  it('announces a TPKT length of 3', async () => {
    const r = await probe({ kind: 'tpkt-length', length: 3 });
    expect(find(r, 'negotiation.tpkt-too-short')?.text).toMatch(/announces 3 bytes, below the minimum of 7/);
  });

  it('aborts TLS after selecting it', async () => {
    const r = await probe({ kind: 'tls-abort' });
    const f = r.findings.find((x) => x.layer === 'tls')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/closed the connection without answering the TLS ClientHello.*0x904/);
    expect(f.related).toContain('host.machinekeys');
  });

  it('answers the ClientHello with bytes that are not TLS: named as such, not as a version mismatch', async () => {
    const garbage = Buffer.alloc(5000, 0x41);
    const r = await probe({ kind: 'tls-reply', reply: garbage, close: false });
    const f = r.findings.find((x) => x.layer === 'tls')!;
    expect(f).toMatchObject({ status: 'fail', code: 'tls.not-tls' });
    expect(f.text).toMatch(/not TLS/);
    expect(f.text).not.toMatch(/no TLS version in common|private key/);
  });

  it('announces a TLS record of 65535 bytes: not TLS, bounded', async () => {
    const r = await probe({ kind: 'tls-reply', reply: Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]), close: false });
    expect(r.findings.find((x) => x.layer === 'tls')).toMatchObject({ status: 'fail', code: 'tls.not-tls' });
  });

  it('closes after part of a ServerHello: a broken session, not the private key', async () => {
    const partial = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00, 0x00, 0x4c, 0x03, 0x03]);
    const r = await probe({ kind: 'tls-reply', reply: partial, close: true });
    const f = r.findings.find((x) => x.layer === 'tls')!;
    expect(f).toMatchObject({ status: 'fail', code: 'tls.closed-midway' });
    expect(f.text).toMatch(/sent 11 bytes of its TLS answer/);
    expect(f.related).not.toContain('host.machinekeys');
  });

  it('a protocol-version alert is a TLS version mismatch', async () => {
    const r = await probe({ kind: 'tls-reply', reply: Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), close: true });
    expect(r.findings.find((x) => x.layer === 'tls')?.text).toMatch(/no TLS version in common/);
  });

  it('ends TLS with an alert', async () => {
    const r = await probe({ kind: 'tls-alert' });
    const f = r.findings.find((x) => x.layer === 'tls')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/alert 80|internal error/);
  });

  it('a reply cut into segments is reassembled', async () => {
    const r = await probe({ kind: 'segmented', protocol: 1 });
    expect(r.layers.negotiation!.attempts.find((a) => a.request === 'ssl')?.selectedName).toBe('SSL');
    expect(find(r, 'negotiation.no-nla')?.text).toContain('NLA is not offered');
  });

  it('nothing listening: refused, pointing at the host checks', async () => {
    const port = await closedPort();
    const r = await runProbe({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT });
    const f = find(r, 'tcp.refused')!;
    expect(f.status).toBe('fail');
    expect(f.related).toEqual(['host.service', 'host.listener', 'host.firewall']);
    expect(r.layers.negotiation).toBeNull();
    expect(r.durationMs).toBeLessThan(500);
  });

  it('SYNs dropped (a filtering firewall): the verdict arrives within the timeout', async () => {
    const filtered = await startFilteredPort();
    peers.push(filtered);
    const r = await runProbe({ host: '127.0.0.1', port: filtered.port }, { timeoutMs: TIMEOUT });
    const f = find(r, 'tcp.timeout')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/No answer from 127\.0\.0\.1 port \d+ within 1000 ms/);
    expect(f.related).toContain('host.firewall');
    expect(r.durationMs).toBeLessThan(TIMEOUT + 300);
    expect(r.layers.tcp?.attempts).toHaveLength(1);
  });

  it('a cancelled probe stops at once', async () => {
    const peer = await startFakePeer({ kind: 'silent' });
    peers.push(peer);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await runProbe({ host: '127.0.0.1', port: peer.port }, { timeoutMs: 5000, signal: controller.signal });
    expect(r.cancelled).toBe(true);
    expect(r.durationMs).toBeLessThan(1000);
  });

  it('an unresolvable name fails in the DNS layer', async () => {
    const r = await runProbe('no-such-host.invalid:3389', { timeoutMs: TIMEOUT });
    expect(r.findings[0]!.layer).toBe('dns');
    expect(r.findings[0]!.status).toBe('fail');
    expect(r.layers.tcp).toBeNull();
  });

  it('by name and by IP are compared for a name', async () => {
    const peer = await startFakePeer({ kind: 'select', protocol: 0 });
    peers.push(peer);
    const r = await runProbe({ host: 'localhost', port: peer.port }, { timeoutMs: TIMEOUT });
    expect(r.layers.ipVsName?.compared).toBe(true);
    expect(find(r, 'ip-vs-name.alike')?.status).toBe('pass');
  });
});

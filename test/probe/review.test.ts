// Defects found in review, each pinned by a test that failed before its fix: names with several addresses,
// selections held to their own request, expiry day counts, certificates without a subject, and no sockets or
// timers left behind after many probes.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import dns from 'node:dns';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProbeReport } from '../../shared/probe';
import { runProbe, scanTargets } from '../../electron/probe';
import { describeCertificate } from '../../electron/probe/certificate';
import { judgeProbe } from '../../electron/probe/judge';
import { ConnectGate } from '../../electron/probe/net';
import { closedPort, negResponse, negFailure, confirm, startFakePeer, type FakePeer, type PeerBehaviour } from '../support/fake-peers';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

const TIMEOUT = 1000;
let certs: TestCertificates;
const peers: FakePeer[] = [];
const peer = async (b: PeerBehaviour): Promise<number> => {
  const p = await startFakePeer(b);
  peers.push(p);
  return p.port;
};
const find = (r: ProbeReport, code: string) => r.findings.find((f) => f.code === code);

beforeAll(async () => {
  certs = await makeCertificates();
}, 30_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await rm(certs.dir, { recursive: true, force: true });
});

/**
 * A name whose first address does not accept and whose second (127.0.0.1) does. The first address is from
 * TEST-NET-1 and never dialled: the connect to it is redirected to a closed port on 127.0.0.1, so all traffic
 * stays on loopback, and the DNS answers come from the spies, not from any server.
 */
function fakeName(name: string, addresses: Record<string, { port: number }>, order: string[]): void {
  const realConnect = net.connect;
  vi.spyOn(dns.promises, 'lookup').mockImplementation((async (host: string) => {
    if (host !== name) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return order.map((address) => ({ address, family: 4 }));
  }) as unknown as typeof dns.promises.lookup);
  vi.spyOn(dns.promises.Resolver.prototype, 'resolve4').mockResolvedValue(order);
  vi.spyOn(dns.promises.Resolver.prototype, 'resolve6').mockResolvedValue([]);
  vi.spyOn(net, 'connect').mockImplementation(((opts: net.NetConnectOpts) => {
    const o = opts as net.TcpNetConnectOpts;
    const to = o.host === name ? addresses[order[order.length - 1]!]! : addresses[o.host ?? ''];
    if (!to) throw new Error(`test: unexpected connect to ${o.host}`);
    return realConnect({ ...o, host: '127.0.0.1', port: to.port });
  }) as typeof net.connect);
}

describe('review: names with several addresses', () => {
  it('a first address that refuses does not hide the one that answers (as Remote Desktop Connection tries them in order)', async () => {
    const good = await peer({ kind: 'select', protocol: 1, cert: certs.valid });
    const refused = await closedPort();
    fakeName('dual.test', { '192.0.2.10': { port: refused }, '127.0.0.1': { port: good } }, ['192.0.2.10', '127.0.0.1']);
    const r = await runProbe({ host: 'dual.test', port: 3389 }, { timeoutMs: TIMEOUT });
    expect(r.layers.tcp?.address).toBe('127.0.0.1');
    expect(r.layers.tcp?.failedAddresses?.map((a) => [a.address, a.outcome])).toEqual([['192.0.2.10', 'refused']]);
    const f = find(r, 'tcp.first-address');
    expect(f?.status, JSON.stringify(r.findings)).toBe('warn');
    expect(f!.text).toMatch(
      /^dual\.test resolves first to 192\.0\.2\.10, which did not accept \(192\.0\.2\.10 refused \(ECONNREFUSED\) after \d+ ms\); 127\.0\.0\.1 did/,
    );
    expect(find(r, 'tcp.refused')).toBeUndefined();
    expect(r.layers.negotiation?.address).toBe('127.0.0.1');
    expect(r.layers.tls?.certificate?.subjectCommonName).toBe('localhost');
  });

  it('when every address fails, the verdict lists them all', async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    fakeName('down.test', { '192.0.2.20': { port: a }, '127.0.0.1': { port: b } }, ['192.0.2.20', '127.0.0.1']);
    const r = await runProbe({ host: 'down.test', port: 3389 }, { timeoutMs: TIMEOUT });
    const f = find(r, 'tcp.refused')!;
    expect(f.status).toBe('fail');
    expect(f.text).toMatch(/on 127\.0\.0\.1 port 3389 .*other addresses failed too: 192\.0\.2\.20 refused/);
  });
});

describe('review: each selection is held to its own request', () => {
  it('HYBRID selected for a TLS-only request is a protocol violation', async () => {
    // Correct for every request except SSL, which gets HYBRID: the headline request alone looked fine.
    const port = await peer({
      kind: 'by-request',
      reply: (asked) => (asked === null ? confirm(null) : asked === 1 ? negResponse(2) : negResponse(asked === 0 ? 0 : 1)),
    });
    const r = await runProbe({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT, tls: 'native' });
    const f = find(r, 'negotiation.violation');
    expect(f?.status, JSON.stringify(r.findings)).toBe('fail');
    expect(f!.text).toContain('HYBRID when SSL was requested');
  });

  it('two protocols selected at once is a violation, not "some other protocol"', async () => {
    const port = await peer({ kind: 'by-request', reply: (asked) => (asked === null ? negFailure(1) : negResponse(asked & 3)) });
    const r = await runProbe({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT, tls: 'native' });
    expect(find(r, 'negotiation.violation')?.text).toContain('unknown (0x3) when SSL, HYBRID, HYBRID_EX was requested');
    expect(find(r, 'negotiation.other')).toBeUndefined();
  });
});

describe('review: certificate facts', () => {
  const expiredDer = () => new X509Certificate(readFileSync(certs.expired.cert)).raw;

  it('expired two and a half days ago is "2 days ago", and under a day is said so', () => {
    const report = (now: Date) => {
      const c = describeCertificate(expiredDer(), 'localhost', now);
      const r = {
        host: 'localhost',
        layers: { tls: { ok: true, via: 'native', version: 'TLSv1.2', certificate: c } },
      } as unknown as ProbeReport;
      return { c, text: judgeProbe(r).find((f) => f.code === 'certificate.expired')!.text };
    };
    const late = report(new Date('2021-01-03T12:00:00Z'));
    expect(late.c.daysLeft).toBe(-2);
    expect(late.text).toContain('expired on 2021-01-01 (2 days ago)');
    const soon = report(new Date('2021-01-01T06:00:00Z'));
    expect(soon.c.daysLeft).toBe(0);
    expect(soon.text).toContain('(less than a day ago)');
    expect(describeCertificate(expiredDer(), 'localhost', new Date('2020-12-31T12:00:00Z')).daysLeft).toBe(0);
    expect(describeCertificate(expiredDer(), 'localhost', new Date('2020-12-29T12:00:00Z')).daysLeft).toBe(2);
  });

  it('the day counts do not depend on the local time zone', () => {
    const now = new Date('2020-12-29T23:30:00Z');
    const saved = process.env.TZ;
    const at = (tz: string) => {
      process.env.TZ = tz; // Node re-reads TZ on assignment
      const c = describeCertificate(expiredDer(), 'localhost', now);
      return [c.daysLeft, c.validTo, c.validFrom];
    };
    try {
      expect(at('Pacific/Kiritimati')).toEqual([2, '2021-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z']);
      expect(at('America/Los_Angeles')).toEqual(at('Pacific/Kiritimati'));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('a certificate with an empty subject (names only in the SAN) is read, not reported as unreadable', () => {
    const dir = certs.dir;
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        path.join(dir, 'nosubj.key'),
        '-out',
        path.join(dir, 'nosubj.pem'),
        '-subj',
        '/',
        '-days',
        '30',
        '-addext',
        'subjectAltName=critical,IP:127.0.0.1,DNS:*.example.test',
      ],
      { stdio: 'ignore' },
    );
    const der = new X509Certificate(readFileSync(path.join(dir, 'nosubj.pem'))).raw;
    const c = describeCertificate(der, 'host.example.test', new Date());
    expect(c.subject).toBe('');
    expect(c.subjectCommonName).toBeNull();
    expect(c.nameMatches).toBe(true);
    expect(c.publicKey).toBe('EC prime256v1');
    expect(c.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(describeCertificate(der, '127.0.0.1', new Date()).nameMatches).toBe(true);
    expect(describeCertificate(der, 'example.test', new Date()).nameMatches).toBe(false);
  });

  it('an address only in the CN is named precisely, never "issued to 127.0.0.1, not to 127.0.0.1"', () => {
    const dir = certs.dir;
    const key = path.join(dir, 'cn-ip.key');
    const pem = path.join(dir, 'cn-ip.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', pem, '-subj', '/CN=127.0.0.1', '-days', '30'],
      {
        stdio: 'ignore',
      },
    );
    const c = describeCertificate(new X509Certificate(readFileSync(pem)).raw, '127.0.0.1', new Date());
    const r = {
      host: '127.0.0.1',
      layers: { tls: { ok: true, via: 'native', version: 'TLSv1.2', certificate: c } },
    } as unknown as ProbeReport;
    const text = judgeProbe(r).find((f) => f.code === 'certificate.name-mismatch')!.text;
    expect(text).not.toMatch(/issued to 127\.0\.0\.1, not to 127\.0\.0\.1/);
    expect(text).toContain('names 127.0.0.1 only in its subject (CN), not as an IP address alternative name');
  });
});

describe('review: the connect gate', () => {
  it('never waits longer than a quarter of the timeout before it stops staggering', () => {
    const gate = new ConnectGate();
    // A SYN retried after a second: uncapped, the grace (4 s) outlasted the 3 s reply timeout.
    expect(gate.graceFor(1000, 3000)).toBe(750);
    expect(gate.graceFor(0.3, 3000)).toBe(50);
    expect(gate.graceFor(30, 100)).toBe(50);
  });
});

describe('review: nothing left behind', () => {
  it('1,000 probes against fake peers leave no socket, timer or abort listener behind', async () => {
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout' || r === 'TLSWrap');
    const before = handles().length;
    const behaviours: PeerBehaviour[] = [
      { kind: 'nla', cert: certs.valid },
      { kind: 'select', protocol: 1, cert: certs.keyEnciphermentOnly },
      { kind: 'select', protocol: 0 },
      { kind: 'failure', code: 3 },
      { kind: 'legacy' },
      { kind: 'http' },
      { kind: 'close' },
      { kind: 'reset' },
      { kind: 'tpkt-length', length: 65535 },
      { kind: 'tls-abort' },
      { kind: 'tls-alert' },
      { kind: 'silent' },
    ];
    const local = await Promise.all(behaviours.map((b) => startFakePeer(b)));
    const controllers: AbortController[] = [];
    let n = 0;
    try {
      while (n < 1000) {
        await Promise.all(
          Array.from({ length: 50 }, () => {
            const i = n++;
            const controller = new AbortController();
            controllers.push(controller);
            const port = local[i % local.length]!.port;
            return runProbe(
              { host: '127.0.0.1', port },
              { timeoutMs: 150, tls: i % 3 === 0 ? 'fallback' : 'auto', signal: controller.signal },
            );
          }),
        );
      }
    } finally {
      await Promise.all(local.map((p) => p.close()));
    }
    // Closed sockets release their handles on the next turns of the event loop.
    for (let i = 0; i < 50 && handles().length > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(handles().length).toBeLessThanOrEqual(before);
    expect(controllers.filter((c) => getEventListeners(c.signal, 'abort').length > 0)).toHaveLength(0);
  }, 30_000);

  it('a scan shares its signal without piling listeners on it (no MaxListenersExceededWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const port = await peer({ kind: 'close' });
      const controller = new AbortController();
      const rows = await scanTargets(
        Array.from({ length: 40 }, () => `127.0.0.1:${port}`),
        { concurrency: 40, timeoutMs: 500, signal: controller.signal },
      );
      expect(rows).toHaveLength(40);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

// The identity probe against real servers: FreeRDP's shadow server with NLA (a real CredSSP/NTLM
// implementation), and xrdp, which does not offer NLA. Needs freerdp2-shadow-x11 and xvfb (scripts/test-deps.txt;
// scripts/setup.sh installs them): without them the test fails, never skips.
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runProbe } from '../../electron/probe';
import { SHADOW_BIN, XVFB_BIN, shadowAvailable, startShadowNla, type ShadowServer } from '../support/freerdp-shadow';
import { XRDP_BIN, makeCertificates, startXrdp, xrdpAvailable, type TestCertificates, type XrdpServer } from '../support/xrdp';

describe('identity probe against FreeRDP shadow server (NLA)', () => {
  let server: ShadowServer;
  beforeAll(async () => {
    if (!shadowAvailable)
      throw new Error(`${SHADOW_BIN} or ${XVFB_BIN} is absent: install Debian's freerdp2-shadow-x11 and xvfb (scripts/setup.sh does)`);
    server = await startShadowNla();
  }, 45_000);
  afterAll(async () => server?.stop());
  afterEach(() => vi.restoreAllMocks());

  it('reads names, version and clock from the real CHALLENGE, before any password', async () => {
    const r = await runProbe(`127.0.0.1:${server.port}`, { timeoutMs: 3000 });
    expect(r.identityReason, server.log().slice(-1500)).toBeNull();
    const id = r.identity!;
    // FreeRDP names itself after this machine's host name (GetComputerNameEx over gethostname).
    expect(id.netbiosComputerName).toBe(os.hostname().split('.')[0]!.toUpperCase());
    expect(id.dnsComputerName?.toLowerCase()).toBe(os.hostname().toLowerCase());
    expect(id.productVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Math.abs(id.clockSkewSeconds!)).toBeLessThanOrEqual(2);
    expect(Math.abs(Date.parse(id.hostTime!) - Date.now())).toBeLessThan(10_000);
    expect(r.layers.credssp).toMatchObject({ ok: true, onRequest: 'hybrid-ex' });
    expect(r.findings.find((f) => f.code === 'identity.read')?.text).toContain(id.productVersion!);
  });

  it('dialled by another name: a CNAME of the host is an alias, the same name with two A records a farm (audit4 G24)', async () => {
    const own = os.hostname().toLowerCase();
    const realConnect = net.connect;
    vi.spyOn(dns.promises, 'lookup').mockImplementation((async () => [
      { address: '127.0.0.1', family: 4 },
    ]) as unknown as typeof dns.promises.lookup);
    vi.spyOn(dns.promises.Resolver.prototype, 'resolve6').mockResolvedValue([]);
    vi.spyOn(net, 'connect').mockImplementation(((o: net.TcpNetConnectOpts) =>
      realConnect({ ...o, host: '127.0.0.1' })) as typeof net.connect);
    const cname = vi.spyOn(dns.promises.Resolver.prototype, 'resolveCname').mockResolvedValue([own]);
    vi.spyOn(dns.promises.Resolver.prototype, 'resolve4').mockResolvedValue(['127.0.0.1']);
    const alias = await runProbe(`rdp-alias.test:${server.port}`, { timeoutMs: 3000 });
    expect(cname).toHaveBeenCalledWith('rdp-alias.test');
    expect(alias.dialledCname).toBe(own);
    expect(
      alias.findings.find((f) => f.layer === 'identity' && f.code !== 'identity.read' && !f.code?.startsWith('identity.clock')),
    ).toMatchObject({
      status: 'pass',
      code: 'identity.alias',
    });
    cname.mockRejectedValue(Object.assign(new Error('no data'), { code: 'ENODATA' }));
    vi.spyOn(dns.promises.Resolver.prototype, 'resolve4').mockResolvedValue(['127.0.0.1', '127.0.0.2']);
    const farm = await runProbe(`rdsfarm.test:${server.port}`, { timeoutMs: 3000 });
    expect(farm.dialledCname).toBeNull();
    expect(farm.findings.find((f) => f.code === 'identity.round-robin')?.status).toBe('warn');
    expect(farm.findings.some((f) => f.code === 'identity.wrong-machine')).toBe(false);
    vi.restoreAllMocks();
  });

  it('dialled as localhost, the host is this PC: no wrong-machine finding', async () => {
    const r = await runProbe(`localhost:${server.port}`, { timeoutMs: 3000 });
    expect(r.findings.find((f) => f.code === 'identity.name-matches')?.status).toBe('pass');
    expect(r.findings.some((f) => f.code === 'identity.wrong-machine')).toBe(false);
  });
});

describe('identity probe against xrdp (no NLA)', () => {
  let certs: TestCertificates;
  let xrdp: XrdpServer;
  beforeAll(async () => {
    if (!xrdpAvailable) throw new Error(`${XRDP_BIN} is absent: install Debian's xrdp package (scripts/setup.sh does)`);
    certs = await makeCertificates();
    xrdp = await startXrdp({ securityLayer: 'negotiate', cert: certs.valid });
  }, 45_000);
  afterAll(async () => {
    await xrdp?.stop();
    if (certs) await rm(certs.dir, { recursive: true, force: true });
  });

  it('identity is null with the reason that NLA is not offered', async () => {
    const r = await runProbe(`127.0.0.1:${xrdp.port}`, { timeoutMs: 3000 });
    expect(r.identity).toBeNull();
    expect(r.identityReason).toMatch(/does not offer NLA/);
    expect(r.layers.credssp).toBeNull();
    expect(r.findings.find((f) => f.layer === 'identity')).toMatchObject({ status: 'skipped', code: 'identity.none' });
  });
});

// The management-path preflight names TrustedHosts/Kerberos and the HTTPS certificate before it tries a
// session: this PC's WinRM client settings (ops/winrm-client.ps1, run here) judge the name, and a TLS handshake
// in Node judges the HTTPS listener's certificate (chain against this PC's roots, name, dates), tested against
// loopback TLS servers with a self-signed certificate and one signed by a test CA.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTrustedHosts, judgeClientTrust, type WinrmClientOutput } from '../../electron/reach/winrm/client-trust';
import { WinrmTransport } from '../../electron/reach/winrm/winrm-transport';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { WinrmClientOutput as Schema } from '../../electron/reach/winrm/client-trust';
import { tempDir } from '../support/sim';
import { issue, makeCa, selfSigned } from '../support/test-pki';

const domainPc: WinrmClientOutput = { trustedHosts: '', trustedHostsError: null, partOfDomain: true, domain: 'corp.example', roots: [] };

/** A test CA, a localhost certificate it signed, and a self-signed localhost certificate; then the expired one. */
function makeCerts(dir: string) {
  makeCa(dir, 'ca', 'RDP Doctor Test CA', 30);
  issue(dir, 'ca', 'leaf', 'localhost', 30, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  selfSigned(dir, 'self', 'localhost', 30, ['subjectAltName=DNS:localhost,IP:127.0.0.1']);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return {
    ca: read('ca.pem'),
    leaf: { cert: read('leaf.pem'), key: read('leaf.key') },
    self: { cert: read('self.pem'), key: read('self.key') },
  };
}

const servers: net.Server[] = [];
async function tlsServer(cert: { cert: string; key: string }): Promise<number> {
  const server = tls.createServer({ ...cert }, (s) => s.end());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}
let certs: ReturnType<typeof makeCerts>;
beforeAll(() => {
  certs = makeCerts(tempDir('rdp-doctor-winrm-certs-'));
});
afterAll(async () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** The real transport up to its client-side step: a stand-in shell records whether PowerShell was ever asked. */
function transport(computer: string, https: boolean, client: WinrmClientOutput, port: number, now?: Date) {
  const sent: string[] = [];
  const t = new WinrmTransport({
    computer,
    https,
    user: null,
    shell: async () => ({
      invoke: async (c: string) => (sent.push(c), { raw: '{"ok":true}', hadErrors: false }),
      dispose: async () => undefined,
    }),
    clientSettings: async () => client,
    probeEndpoint: { host: '127.0.0.1', port },
    ...(now ? { now: () => now } : {}),
  });
  return { t, sent };
}

describe('TrustedHosts and Kerberos, judged from this PC before trying', () => {
  it('a name in the domain needs nothing; an IP address, a name outside the domain, a workgroup PC need TrustedHosts or HTTPS', () => {
    expect(judgeClientTrust('pc-042', false, domainPc).ok).toBe(true);
    expect(judgeClientTrust('pc-042.corp.example', false, domainPc).ok).toBe(true);
    expect(judgeClientTrust('pc-042.eu.corp.example', false, domainPc).ok).toBe(true);
    const ip = judgeClientTrust('10.1.2.3', false, domainPc);
    expect(ip).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/10\.1\.2\.3 is an IP address.*not in this PC's TrustedHosts \(empty\)/),
    });
    expect(!ip.ok && ip.fix).toMatch(/Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value '10\.1\.2\.3' -Concatenate -Force/);
    expect(judgeClientTrust('pc-9.lab.example', false, domainPc)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/outside this PC's domain corp\.example/),
    });
    expect(judgeClientTrust('pc-042', false, { ...domainPc, partOfDomain: false, domain: 'WORKGROUP' })).toMatchObject({ ok: false });
    // HTTPS, or a TrustedHosts entry (wildcards as WinRM reads them), lets it through.
    expect(judgeClientTrust('10.1.2.3', true, domainPc).ok).toBe(true);
    expect(judgeClientTrust('10.1.2.3', false, { ...domainPc, trustedHosts: 'srv1,10.1.2.*' }).ok).toBe(true);
    expect(judgeClientTrust('pc-9.lab.example', false, { ...domainPc, trustedHosts: '*.lab.example' }).ok).toBe(true);
    expect(inTrustedHosts('*', 'anything')).toBe(true);
    expect(inTrustedHosts('pc-1', 'pc-10')).toBe(false);
    // Unreadable (the WinRM service of this PC stopped): not guessed, the session will tell.
    expect(
      judgeClientTrust('10.1.2.3', false, { ...domainPc, trustedHosts: null, trustedHostsError: 'WinRM service not running' }).ok,
    ).toBe(true);
  });

  it('the transport names TrustedHosts before it sends PowerShell anything', async () => {
    const port = await tlsServer(certs.leaf);
    const { t, sent } = transport('127.0.0.1', false, domainPc, port);
    await expect(t.preflight()).rejects.toMatchObject({
      failure: 'trusted-hosts',
      message: expect.stringMatching(/IP address.*TrustedHosts.*Fix:/),
    });
    expect(sent).toEqual([]);
  });

  it('the client-side script reads this PC and its answer fits the schema (simulated PC: empty TrustedHosts, in a domain)', async () => {
    const pc = SimulatedHost.open({ scenario: 'healthy' });
    const out = await pc.run('ops/winrm-client', { includeRoots: false }, Schema);
    expect(out.trustedHosts).toBe('');
    expect(out.partOfDomain).toBe(pc.state.computer.domain !== null);
  });
});

describe("the HTTPS listener's certificate, judged by a TLS handshake in Node", () => {
  it('signed by a CA this PC trusts, issued to the name, in its dates: the preflight goes on to Test-WSMan', async () => {
    const port = await tlsServer(certs.leaf);
    const { t, sent } = transport(
      'localhost',
      true,
      { ...domainPc, roots: [Buffer.from(new (await import('node:crypto')).X509Certificate(certs.ca).raw).toString('base64')] },
      port,
    );
    const steps = await t.preflight();
    expect(steps.find((s) => s.step === 'https-certificate')?.detail).toMatch(/CN=localhost, trusted, issued to localhost/);
    expect(sent.length).toBeGreaterThan(0);
  });

  it("the same certificate without its CA in this PC's roots: not trusted, named before Test-WSMan, with the fix", async () => {
    const port = await tlsServer(certs.leaf);
    const { t, sent } = transport('localhost', true, domainPc, port);
    await expect(t.preflight()).rejects.toMatchObject({
      failure: 'https-certificate-untrusted',
      message: expect.stringMatching(/issued by CN=RDP Doctor Test CA: [A-Z_]+.*Import the issuing CA/),
    });
    expect(sent).toEqual([]);
  });

  it('a self-signed certificate is not trusted; a wrong name and an expired certificate are named as such', async () => {
    const self = await tlsServer(certs.self);
    await expect(transport('localhost', true, domainPc, self).t.preflight()).rejects.toMatchObject({
      failure: 'https-certificate-untrusted',
      message: expect.stringMatching(/DEPTH_ZERO_SELF_SIGNED_CERT/),
    });
    const ca = { ...domainPc, roots: [Buffer.from(new (await import('node:crypto')).X509Certificate(certs.ca).raw).toString('base64')] };
    const leaf = await tlsServer(certs.leaf);
    await expect(transport('pc-042.corp.example', true, ca, leaf).t.preflight()).rejects.toMatchObject({
      failure: 'https-certificate-name',
      message: expect.stringMatching(/is not issued to pc-042\.corp\.example/),
    });
    const later = new Date(Date.now() + 60 * 86_400_000);
    await expect(transport('localhost', true, ca, leaf, later).t.preflight()).rejects.toMatchObject({
      failure: 'https-certificate-expired',
    });
  });
});

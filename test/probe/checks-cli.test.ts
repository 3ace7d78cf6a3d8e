// The five client checks (one probe per run, skipped without a target) and the probe/scan commands.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport, ScanRow } from '../../shared/probe';
import type { Target } from '../../shared/target';
import { allChecks } from '../../electron/engine/checks';
import type { CheckContext } from '../../electron/engine/types';
import { parseScanFile, scanTargets } from '../../electron/probe';
import { NEEDS_TARGET } from '../../electron/probe/check-support';
import { probeCommand } from '../../electron/cli/commands/probe';
import { scanCommand } from '../../electron/cli/commands/scan';
import { CliInputError, type CliIO } from '../../electron/cli/io';
import { encodeTsRequest } from '../../electron/probe/credssp';
import { closedPort, startFakePeer, type FakePeer } from '../support/fake-peers';
import { buildChallenge } from '../support/ntlm';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

/** The client checks the handshake probe backs: they need a target and run no host script. */
const probeChecks = allChecks.filter((c) => c.side === 'client' && c.needsTarget && c.scripts.length === 0);

function context(target: Target | null): CheckContext & { probes: () => number } {
  const memo = new Map<string, Promise<unknown>>();
  let computed = 0;
  return {
    host: {} as CheckContext['host'],
    hostInfo: {} as CheckContext['hostInfo'],
    target,
    signal: new AbortController().signal,
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) {
        computed++;
        memo.set(key, compute());
      }
      return memo.get(key) as Promise<T>;
    },
    now: () => new Date(),
    probes: () => computed,
  };
}

function cliIO(cwd = process.cwd()): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false, env: {}, cwd, out: () => out, err: () => err };
}

let certs: TestCertificates;
let dir: string;
const peers: FakePeer[] = [];
const peer = async (b: Parameters<typeof startFakePeer>[0]) => {
  const p = await startFakePeer(b);
  peers.push(p);
  return p.port;
};

beforeAll(async () => {
  certs = await makeCertificates();
  dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-scan-'));
}, 30_000);
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await rm(certs.dir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('client checks', () => {
  it('declare the expected ids, layers and no scripts', () => {
    expect(probeChecks.map((c) => [c.id, c.layer])).toEqual([
      ['client.dns', 'network'],
      ['client.tcp', 'network'],
      ['client.ip-vs-name', 'network'],
      ['client.rdp-negotiation', 'negotiation'],
      ['client.tls-certificate', 'certificate'],
      ['client.identity', 'network'],
    ]);
    for (const c of probeChecks) {
      expect(c.needsTarget).toBe(true);
      expect(c.scripts).toEqual([]);
      expect(c.side).toBe('client');
    }
  });

  it('are skipped, saying a target is needed, when there is none', async () => {
    const ctx = context(null);
    for (const c of probeChecks) {
      const j = c.judge(await c.collect(ctx), ctx);
      expect(j.status).toBe('skipped');
      expect(j.verdict).toBe(NEEDS_TARGET);
    }
    expect(ctx.probes()).toBe(0);
  });

  it('share one probe per run, and point at the host checks', async () => {
    const ctx = context({ host: '127.0.0.1', port: await peer({ kind: 'failure', code: 3 }) });
    const results = await Promise.all(probeChecks.map(async (c) => [c.id, c.judge(await c.collect(ctx), ctx)] as const));
    expect(ctx.probes()).toBe(1);
    const byId = Object.fromEntries(results);
    expect(byId['client.rdp-negotiation']!.status).toBe('fail');
    expect(byId['client.rdp-negotiation']!.verdict).toContain('SSL_CERT_NOT_ON_SERVER');
    expect(byId['client.rdp-negotiation']!.related).toEqual(['host.certificate', 'host.machinekeys']);
    expect(byId['client.tcp']!.status).toBe('pass');
    expect(byId['client.tls-certificate']!.status).toBe('skipped');
    expect(byId['client.dns']!.status).toBe('skipped');
    const bytes = byId['client.rdp-negotiation']!.evidence.find((e) => e.label === 'Bytes hybrid-ex');
    expect(bytes?.value).toMatchObject({ sent: '030000130ee00000000000010008000b000000' });
  });

  it('relate each failure to its host check', async () => {
    const relatedOf = async (target: Target, id: string) => {
      const ctx = context(target);
      const check = probeChecks.find((c) => c.id === id)!;
      return check.judge(await check.collect(ctx), ctx).related;
    };
    const [notAllowed, hybrid, refused] = await Promise.all([
      peer({ kind: 'failure', code: 2 }),
      peer({ kind: 'nla', cert: certs.valid }),
      closedPort(),
    ]);
    expect(await relatedOf({ host: '127.0.0.1', port: notAllowed }, 'client.rdp-negotiation')).toEqual(['host.security-layer']);
    expect(await relatedOf({ host: '127.0.0.1', port: hybrid }, 'client.rdp-negotiation')).toEqual(['host.nla']);
    expect(await relatedOf({ host: '127.0.0.1', port: refused }, 'client.tcp')).toEqual(['host.service', 'host.listener', 'host.firewall']);
  });
});

/** A server that offers NLA and answers its first CredSSP step as Windows does: with an NTLM CHALLENGE. */
const healthyNla = () =>
  peer({
    kind: 'nla',
    cert: certs.valid,
    credssp: () => encodeTsRequest(buildChallenge({ names: { 1: 'RDP-HOST', 3: 'rdp-host' }, time: new Date(), version: [10, 0, 20348] })),
  });

describe('rdp-doctor probe', () => {
  it('bad input names the field', async () => {
    const io = cliIO();
    await expect(probeCommand(['bad host!'], io)).rejects.toMatchObject({ name: 'CliInputError', field: 'target' });
    await expect(probeCommand([], io)).rejects.toBeInstanceOf(CliInputError);
    await expect(probeCommand(['127.0.0.1', '--timeout', '5'], io)).rejects.toMatchObject({ field: '--timeout' });
    await expect(probeCommand(['127.0.0.1:99999'], io)).rejects.toThrow(/target: port "99999"/);
  });

  it('exit 0 when every layer passes; human output lists layers then findings', async () => {
    const io = cliIO();
    const code = await probeCommand([`127.0.0.1:${await healthyNla()}`, '--timeout', '1000'], io);
    expect(io.out()).toMatch(/Negotiation[\s\S]*hybrid-ex\s+SSL\|HYBRID\|HYBRID_EX\s+-> selected HYBRID_EX[\s\S]*Findings/);
    expect(io.out()).toMatch(/thumbprint [0-9A-F]{40}/);
    expect(code).toBe(0);
  });

  it('exit 1 on a problem', async () => {
    const io = cliIO();
    expect(await probeCommand([`127.0.0.1:${await closedPort()}`, '--json'], io)).toBe(1);
    expect((JSON.parse(io.out()) as ProbeReport).findings[0]!.code).toBe('tcp.refused');
  });
});

describe('rdp-doctor scan', () => {
  it('reads one target per line or CSV, skipping header, blanks and comments', () => {
    const lines = parseScanFile('\uFEFFHost,Owner\r\n# comment\n\nserver1,ops\n"10.0.0.5:3390",x\n  [::1]:3389 \nsrv;y\n');
    expect(lines).toEqual([
      { line: 4, text: 'server1' },
      { line: 5, text: '10.0.0.5:3390' },
      { line: 6, text: '[::1]:3389' },
      { line: 7, text: 'srv' },
    ]);
  });

  it('uses the port column of a CSV (a "port" header, or a second field), never silently 3389', () => {
    expect(parseScanFile('host,port\n127.0.0.1,42999\nsrv2,\n')).toEqual([
      { line: 2, text: '127.0.0.1:42999' },
      { line: 3, text: 'srv2' },
    ]);
    expect(parseScanFile('Owner;RDP Port;Computer\nops;3390;srv1\n')).toEqual([{ line: 2, text: 'srv1:3390' }]);
    expect(parseScanFile('127.0.0.1,42999\n"::1",3390\n')).toEqual([
      { line: 1, text: '127.0.0.1:42999' },
      { line: 2, text: '[::1]:3390' },
    ]);
  });

  it('refuses, with the line number, a column it would otherwise drop, a bad port, or a port given twice', () => {
    expect(parseScanFile('# list\n127.0.0.1,42999,extra\n')[0]).toMatchObject({
      line: 2,
      error: expect.stringMatching(/^3 columns; expected host/),
    });
    expect(parseScanFile('srv1,ops\n')[0]).toMatchObject({ line: 1, error: expect.stringMatching(/"ops" is not a port/) });
    expect(parseScanFile('host,port\n127.0.0.1:3389,3390\n')[0]).toMatchObject({
      line: 2,
      error: expect.stringMatching(/already names a port/),
    });
  });

  it('a scan file with an extra column: exit 2 naming the file and line, nothing probed', async () => {
    const file = path.join(dir, 'extra.csv');
    await writeFile(file, '127.0.0.1,42999,extra\n');
    const io = cliIO(dir);
    await expect(scanCommand(['extra.csv', '--json'], io)).rejects.toThrow(/^extra\.csv line 1: 3 columns/);
    expect(io.err()).not.toMatch(/probed/);
  });

  it('probes every line through the pool, with progress on stderr, exit 1 when one has a problem', async () => {
    const good = await healthyNla();
    const refused = await closedPort();
    const file = path.join(dir, 'targets.csv');
    await writeFile(file, `host,notes\n# lab\n127.0.0.1:${good},ok\n\n127.0.0.1:${refused},down\n`);
    const io = cliIO(dir);
    const code = await scanCommand(['targets.csv', '--concurrency', '2', '--timeout', '1000', '--json'], io);
    expect(code).toBe(1);
    const rows = JSON.parse(io.out()) as ScanRow[];
    expect(rows.map((r) => [r.target, r.status])).toEqual([
      [`127.0.0.1:${good}`, 'pass'],
      [`127.0.0.1:${refused}`, 'fail'],
    ]);
    expect(rows[0]!.summary).toMatch(/^OK: selects HYBRID_EX/);
    expect(io.err()).toMatch(/scan: 2\/2 probed, 1 with problems/);
  });

  it('a bad line is bad input naming the file and line', async () => {
    await writeFile(path.join(dir, 'bad.txt'), '127.0.0.1\nnot a host!\n');
    await expect(scanCommand(['bad.txt'], cliIO(dir))).rejects.toMatchObject({ field: 'bad.txt line 2' });
    await expect(scanCommand(['missing.txt'], cliIO(dir))).rejects.toMatchObject({ field: 'FILE' });
    await expect(scanCommand(['bad.txt', '--concurrency', '0'], cliIO(dir))).rejects.toMatchObject({ field: '--concurrency' });
  });

  it('scanTargets keeps input order and bounds the probes in flight', async () => {
    const silent = await peer({ kind: 'silent' });
    const targets = Array.from({ length: 6 }, () => `127.0.0.1:${silent}`);
    const seen: number[] = [];
    const timed = async (concurrency: number) => {
      const start = Date.now();
      const rows = await scanTargets(targets, { concurrency, timeoutMs: 300, onProgress: ({ done }) => seen.push(done) });
      return { rows, ms: Date.now() - start };
    };
    const [two, six] = [await timed(2), await timed(6)];
    // Every probe waits the full timeout: 2 at a time is three rounds, 6 at a time one.
    expect(two.ms).toBeGreaterThanOrEqual(3 * 300 - 50);
    expect(six.ms).toBeLessThan(3 * 300 - 50);
    expect(two.rows.map((r) => r.status)).toEqual(Array(6).fill('fail'));
    expect(seen.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

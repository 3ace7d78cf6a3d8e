// The CredSSP identity probe: the NTLM CHALLENGE parser on well-formed, truncated and hostile messages, the
// TSRequest reader, fuzzing like the X.224 parser, and whole probes against fake NLA peers on 127.0.0.1.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe';
import { decodeTsRequest, encodeTsRequest } from '../../electron/probe/credssp';
import { judgeIdentity } from '../../electron/probe/judge-identity';
import { buildNegotiate, parseChallenge } from '../../electron/probe/ntlm';
import { predictOracleRefusal } from '../../electron/engine/checks/client/credssp/check';
import type { ProbeReport } from '../../shared/probe';
import { startFakePeer, type FakePeer } from '../support/fake-peers';
import { avPair, buildChallenge } from '../support/ntlm';
import { makeCertificates, type TestCertificates } from '../support/xrdp';

const WINDOWS = { 1: 'SRV-042', 2: 'CONTOSO', 3: 'srv-042.contoso.local', 4: 'contoso.local', 5: 'contoso.local' } as const;
const T = new Date('2026-11-30T12:00:00Z');

describe('NTLM CHALLENGE parser', () => {
  it('reads the names, version and clock a Windows host sends', () => {
    const r = parseChallenge(buildChallenge({ targetName: 'CONTOSO', names: WINDOWS, time: T, version: [10, 0, 17763] }));
    expect(r).toMatchObject({
      ok: true,
      challenge: {
        targetName: 'CONTOSO',
        netbiosComputerName: 'SRV-042',
        netbiosDomainName: 'CONTOSO',
        dnsComputerName: 'srv-042.contoso.local',
        dnsDomainName: 'contoso.local',
        dnsTreeName: 'contoso.local',
        productVersion: '10.0.17763',
        notes: [],
      },
    });
    expect(r.ok && r.challenge.hostTime?.toISOString()).toBe(T.toISOString());
  });

  it('a CHALLENGE without target info gives null names and says so', () => {
    const r = parseChallenge(buildChallenge({ withTargetInfo: false, version: [6, 1, 7601] }));
    expect(r.ok && r.challenge).toMatchObject({ netbiosComputerName: null, hostTime: null, productVersion: '6.1.7601' });
    expect(r.ok && r.challenge.notes.join()).toMatch(/no target information/);
  });

  it('an AV pair that claims more bytes than follow keeps what came before it', () => {
    const info = Buffer.concat([avPair(1, Buffer.from('SRV', 'utf16le')), avPair(3, Buffer.from('x', 'utf16le'), 0xffff)]);
    const r = parseChallenge(buildChallenge({ targetInfo: info }));
    expect(r.ok && r.challenge.netbiosComputerName).toBe('SRV');
    expect(r.ok && r.challenge.dnsComputerName).toBeNull();
    expect(r.ok && r.challenge.notes.join()).toMatch(/claims 65535 bytes/);
  });

  it('a TargetInfo offset beyond the message is a note, not a read', () => {
    const msg = buildChallenge({ names: WINDOWS });
    msg.writeUInt32LE(0xfffffff0, 44);
    const r = parseChallenge(msg);
    expect(r.ok && r.challenge.netbiosComputerName).toBeNull();
    expect(r.ok && r.challenge.notes.join()).toMatch(/beyond the/);
  });

  it('refuses what is not a CHALLENGE, cut short or too long', () => {
    const good = buildChallenge({ names: WINDOWS });
    expect(parseChallenge(good.subarray(0, 20))).toMatchObject({ ok: false, code: 'ntlm-truncated' });
    expect(parseChallenge(buildNegotiate())).toMatchObject({ ok: false, code: 'ntlm-not-challenge' });
    expect(parseChallenge(Buffer.from('HTTP/1.1 400'))).toMatchObject({ ok: false, code: 'ntlm-not-ntlm' });
    expect(parseChallenge(Buffer.concat([good, Buffer.alloc(9000)]))).toMatchObject({ ok: false, code: 'ntlm-too-long' });
  });

  it('a control character in a name does not reach the report', () => {
    const r = parseChallenge(buildChallenge({ names: { 1: 'EVIL\u001b[2J' } }));
    expect(r.ok && r.challenge.netbiosComputerName).toBe('EVIL?[2J');
  });
});

describe('TSRequest', () => {
  it('round-trips the NEGOTIATE and reads a server errorCode', () => {
    const d = decodeTsRequest(encodeTsRequest(buildNegotiate()));
    expect(d.ok && d.response.token?.equals(buildNegotiate())).toBe(true);
    // TSRequest { version 6, errorCode 0xC000006D (STATUS_LOGON_FAILURE) }
    const err = Buffer.from('300ea003020106a4070205' + '00c000006d', 'hex');
    expect(decodeTsRequest(err)).toMatchObject({ ok: true, response: { token: null, version: 6, errorCode: 0xc000006d } });
    expect(decodeTsRequest(Buffer.from('3084ffffffff', 'hex'))).toMatchObject({ ok: false, code: 'credssp-bad-der' });
    expect(decodeTsRequest(Buffer.from('3082ffff00', 'hex'))).toMatchObject({ ok: false });
  });
});

/** xorshift32, reproducible from its seed. */
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

describe('fuzz: hostile CHALLENGE and TSRequest bytes', () => {
  const seeds = [
    buildChallenge({ targetName: 'CONTOSO', names: WINDOWS, time: T, version: [10, 0, 19045] }),
    buildChallenge({ withTargetInfo: false }),
  ];
  it('never throws, never loops, always answers ok or a code', () => {
    const next = rng(0x14);
    const started = Date.now();
    for (let i = 0; i < 40_000; i++) {
      const base = Buffer.from(seeds[i % seeds.length]!);
      const op = next() % 5;
      if (op === 0) base.writeUInt16LE(next() & 0xffff, 40 + (next() % 2) * 2);
      else if (op === 1) base[next() % base.length] = next() & 0xff;
      else if (op === 2 && base.length > 60) base.writeUInt16LE(next() & 0xffff, 56 + (next() % (base.length - 58)));
      else if (op === 3) base.writeUInt32LE(next(), 44);
      const msg = op === 4 ? base.subarray(0, next() % base.length) : base;
      const r = parseChallenge(msg);
      expect(r.ok || typeof r.code === 'string').toBe(true);
      const wrapped = encodeTsRequest(msg.subarray(0, 1000));
      const cut = wrapped.subarray(0, next() % (wrapped.length + 1));
      const d = decodeTsRequest(cut);
      expect(d.ok || typeof d.code === 'string').toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('identity judgement', () => {
  const report = (host: string, identity: ProbeReport['identity']): ProbeReport =>
    ({ host, identity, identityReason: null, layers: { credssp: null } }) as unknown as ProbeReport;
  const id = {
    netbiosComputerName: 'SRV-042',
    netbiosDomainName: 'CONTOSO',
    dnsComputerName: 'srv-042.contoso.local',
    dnsDomainName: 'contoso.local',
    dnsTreeName: null,
    productVersion: '10.0.17763',
    hostTime: T.toISOString(),
    clockSkewSeconds: 0,
  };

  it('the dialled name against the host names', () => {
    expect(judgeIdentity(report('srv-042', id), 'here')[0]).toMatchObject({ status: 'pass', code: 'identity.name-matches' });
    expect(judgeIdentity(report('SRV-042.contoso.local', id), 'here')[0]).toMatchObject({ status: 'pass' });
    expect(judgeIdentity(report('srv-017', id), 'here')[0]).toMatchObject({ status: 'fail', code: 'identity.wrong-machine' });
    expect(judgeIdentity(report('srv-017.contoso.local', id), 'here')[0]).toMatchObject({ status: 'fail' });
    // Another DNS domain may be an alias: a warning, not a verdict.
    expect(judgeIdentity(report('rdp.example.com', id), 'here')[0]).toMatchObject({ status: 'warn', code: 'identity.other-name' });
    expect(judgeIdentity(report('10.0.0.5', id), 'here').some((f) => /name/.test(f.code ?? '') && f.code !== 'identity.read')).toBe(false);
  });

  it('an alias is not the wrong PC: a CNAME of the host passes, a round-robin farm name warns (audit4 G24)', () => {
    const withDns = (host: string, a: string[], dialledCname?: string | null) =>
      ({
        host,
        identity: id,
        identityReason: null,
        ...(dialledCname !== undefined ? { dialledCname } : {}),
        layers: { credssp: null, dns: { a: { addresses: a } } },
      }) as unknown as ProbeReport;
    expect(judgeIdentity(withDns('jumphost', ['10.0.0.5'], 'srv-042.contoso.local'), 'here')[0]).toMatchObject({
      status: 'pass',
      code: 'identity.alias',
    });
    const farm = judgeIdentity(withDns('rdsfarm.contoso.local', ['10.0.0.5', '10.0.0.6'], null), 'here')[0]!;
    expect(farm).toMatchObject({ status: 'warn', code: 'identity.round-robin' });
    expect(farm.text).toMatch(/2 addresses \(DNS round robin\)/);
    // One address of its own and no CNAME: another computer's record points here.
    expect(judgeIdentity(withDns('srv-017.contoso.local', ['10.0.0.5'], null), 'here')[0]).toMatchObject({
      status: 'fail',
      code: 'identity.wrong-machine',
    });
    // A CNAME to yet another name is no alias of this host.
    expect(judgeIdentity(withDns('srv-017', ['10.0.0.5'], 'srv-017.contoso.local'), 'here')[0]).toMatchObject({ status: 'fail' });
  });

  it('clock skew beyond 5 minutes warns, within it passes', () => {
    const at = (s: number) =>
      judgeIdentity(report('srv-042', { ...id, clockSkewSeconds: s }), 'x').find((f) => f.code?.startsWith('identity.clock'));
    expect(at(301)).toMatchObject({ status: 'warn', code: 'identity.clock-skew' });
    expect(at(-600)?.text).toMatch(/10 minutes behind/);
    expect(at(299)).toMatchObject({ status: 'pass' });
  });

  it('predicts the CredSSP encryption-oracle refusal from the host build and AllowEncryptionOracle', () => {
    expect(predictOracleRefusal('6.1.7601', 1)).toMatch(/Windows 7 SP1.*refuses it/);
    expect(predictOracleRefusal('10.0.16299', 0)).toMatch(/1709/);
    expect(predictOracleRefusal('10.0.17134', 1)).toBeNull();
    expect(predictOracleRefusal('10.0.17763', 1)).toBeNull();
    expect(predictOracleRefusal('6.1.7601', 2)).toBeNull();
    expect(predictOracleRefusal(null, 1)).toBeNull();
  });
});

describe('client.credssp with the probed host version', () => {
  it('predicts the refusal for an old build in this run, and stays quiet for a current one', async () => {
    const { openSim } = await import('../support/sim');
    const { evaluate } = await import('../../electron/engine/evaluate');
    const { findCheck } = await import('../../electron/engine/checks');
    const { PROBE_MEMO_KEY } = await import('../../electron/probe/check-support');
    const run = async (productVersion: string) => {
      const sim = await openSim('healthy', { target: '127.0.0.1:1' });
      const ctx = await sim.ctx();
      await ctx.memo(PROBE_MEMO_KEY, async () => ({ identity: { productVersion } }));
      return (await evaluate(findCheck('client.credssp')!, ctx)).finding;
    };
    const old = await run('6.1.7601');
    expect(old.status).toBe('warn');
    expect(old.verdict).toMatch(/Windows 7 SP1 .*refuses it right after the password/);
    expect(old.related).toEqual(['host.os']);
    expect((await run('10.0.20348')).status).toBe('pass');
  });
});

describe('whole probe against fake NLA peers', () => {
  let certs: TestCertificates;
  const peers: FakePeer[] = [];
  beforeAll(async () => {
    certs = await makeCertificates();
  }, 20_000);
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await rm(certs.dir, { recursive: true, force: true });
  });
  const peer = async (credssp: (req: Buffer) => Buffer): Promise<FakePeer> => {
    const p = await startFakePeer({ kind: 'nla', cert: certs.valid, credssp });
    peers.push(p);
    return p;
  };

  it('localhost answered by another PC is said first: wrong machine; a 10-minute clock is named', async () => {
    const skewed = new Date(Date.now() + 600_000);
    const p = await peer((req) => {
      // The request must carry an NTLM NEGOTIATE and nothing else: no user, no password.
      const d = decodeTsRequest(req);
      if (!d.ok || !d.response.token?.equals(buildNegotiate())) return Buffer.from('bad');
      return encodeTsRequest(buildChallenge({ names: { 1: 'OTHER-PC', 3: 'other-pc' }, time: skewed, version: [10, 0, 19045] }));
    });
    const r = await runProbe(`localhost:${p.port}`, { timeoutMs: 3000 });
    expect(r.identity).toMatchObject({ netbiosComputerName: 'OTHER-PC', productVersion: '10.0.19045' });
    expect(r.identity!.clockSkewSeconds).toBeGreaterThan(590);
    const first = r.findings[0]!;
    expect(first).toMatchObject({ layer: 'identity', status: 'fail', code: 'identity.wrong-machine' });
    expect(first.text).toMatch(/other-pc/i);
    expect(r.findings.find((f) => f.code === 'identity.clock-skew')?.status).toBe('warn');
  });

  it('garbage instead of a TSRequest: identity null with the reason, and a warning', async () => {
    const p = await peer(() => Buffer.from('0400ffff', 'hex'));
    const r = await runProbe(`127.0.0.1:${p.port}`, { timeoutMs: 3000 });
    expect(r.identity).toBeNull();
    expect(r.identityReason).toMatch(/not a TSRequest/);
    expect(r.findings.find((f) => f.layer === 'identity')).toMatchObject({ status: 'warn', code: 'identity.unreadable' });
  });

  it('a huge claimed length is refused without waiting for it', async () => {
    const p = await peer(() => Buffer.from('3083ffffff', 'hex'));
    const started = Date.now();
    const r = await runProbe(`127.0.0.1:${p.port}`, { timeoutMs: 3000 });
    expect(r.layers.credssp?.errorCode).toBe('credssp-bad-der');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a server that never answers costs one timeout', async () => {
    const p = await peer(() => Buffer.alloc(0));
    const started = Date.now();
    const r = await runProbe(`127.0.0.1:${p.port}`, { timeoutMs: 800 });
    expect(r.layers.credssp?.errorCode).toBe('timeout');
    expect(r.identity).toBeNull();
    // A server that selected NLA and goes silent at CredSSP fails where 0x904 appears: a warning, not "skipped".
    const finding = r.findings.find((f) => f.layer === 'identity');
    expect(finding).toMatchObject({ status: 'warn', code: 'identity.no-answer' });
    expect(finding?.text).toMatch(/did not answer its first CredSSP step/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

// Boundary tables of client.dns and client.ip-vs-name: what the probe measured (resolver answers, timings,
// the by-name and by-IP Connection Requests) and the status the check shows. The layers are what
// runProbe stores; the findings come from the real judgement and the checks' own judge picks them up, as in
// a diagnosis. Addresses are documentation ranges (RFC 5737, RFC 3849): nothing is sent anywhere.
import { describe, expect, it } from 'vitest';
import type { DnsLayer, IpVsNameLayer, NegotiationAttempt, ProbeReport } from '../../shared/probe';
import { judgeProbe } from '../../electron/probe/judge';
import { summarize } from '../../electron/probe/probe';
import { resolveName } from '../../electron/probe/dns';
import { findCheck } from '../../electron/engine/checks';
import type { CheckContext } from '../../electron/engine/types';
import type { ProbeData } from '../../electron/probe/check-support';

const HOST = 'ws-acct-042.corp.example';
type Lookup = DnsLayer['lookup'];
const ok = (addresses: string[], ms = 12): Lookup => ({ addresses, ms, error: null });
const failed = (error: string, ms = 12): Lookup => ({ addresses: [], ms, error });

function report(layers: Partial<ProbeReport['layers']>): ProbeReport {
  const r: ProbeReport = {
    target: `${HOST}:3389`,
    host: HOST,
    port: 3389,
    startedAt: '2026-06-15T12:00:00.000Z',
    durationMs: 100,
    timeoutMs: 5000,
    cancelled: false,
    findings: [],
    layers: { dns: null, tcp: null, negotiation: null, tls: null, ipVsName: null, ...layers },
  };
  return { ...r, findings: judgeProbe(r) };
}

function judged(checkId: string, r: ProbeReport) {
  const check = findCheck(checkId)!;
  const ctx = { target: { host: HOST, port: 3389 }, now: () => new Date() } as unknown as CheckContext;
  const j = check.judge({ target: r.target, report: r, error: null } satisfies ProbeData, ctx);
  return { status: j.status, verdict: j.verdict, fixes: j.fixes ?? [] };
}

function dns(lookup: Lookup, opts: { repeat?: Lookup; a?: Lookup; aaaa?: Lookup } = {}): DnsLayer {
  const repeat = opts.repeat ?? (lookup.error ? failed('not repeated: the first lookup failed', 0) : lookup);
  const same = [...lookup.addresses].sort().join() === [...repeat.addresses].sort().join();
  return {
    name: HOST,
    isIp: false,
    lookup,
    repeat,
    a: opts.a ?? ok(lookup.addresses.filter((x) => !x.includes(':'))),
    aaaa: opts.aaaa ?? ok(lookup.addresses.filter((x) => x.includes(':'))),
    consistent: lookup.error !== null || repeat.error !== null || same,
  };
}

describe('client.dns: resolver answers and timings', () => {
  // [what, dns layer, expected status, verdict pattern, flush offered]
  const rows: Array<[string, DnsLayer, string, RegExp, boolean]> = [
    ['one A record, fast', dns(ok(['192.0.2.10'])), 'pass', /resolves to 192\.0\.2\.10/, true],
    ['IPv4 and IPv6', dns(ok(['192.0.2.10', '2001:db8::10'])), 'pass', /resolves to/, true],
    ['exactly 1000 ms (the limit)', dns(ok(['192.0.2.10'], 1000)), 'pass', /in 1000 ms/, true],
    ['1001 ms', dns(ok(['192.0.2.10'], 1001)), 'warn', /took 1001 ms/, true],
    ['3 s', dns(ok(['192.0.2.10'], 3000)), 'warn', /slow or failing DNS server/, true],
    [
      'round robin in another order on the second lookup',
      dns(ok(['192.0.2.10', '192.0.2.11']), { repeat: ok(['192.0.2.11', '192.0.2.10']) }),
      'pass',
      /resolves/,
      true,
    ],
    [
      'another address on the second lookup',
      dns(ok(['192.0.2.10']), { repeat: ok(['192.0.2.99']) }),
      'warn',
      /different addresses on two lookups/,
      true,
    ],
    ['hosts file says .10, DNS says .20', dns(ok(['192.0.2.10']), { a: ok(['192.0.2.20']) }), 'warn', /overrides DNS/, true],
    [
      'hosts file and DNS overlap on one address',
      dns(ok(['192.0.2.10', '192.0.2.11']), { a: ok(['192.0.2.11']) }),
      'pass',
      /resolves/,
      true,
    ],
    [
      'only the hosts file knows the name (DNS has no record)',
      dns(ok(['192.0.2.10']), { a: failed('ENODATA'), aaaa: failed('ENODATA') }),
      'pass',
      /DNS itself has no record/,
      true,
    ],
    [
      'ENOTFOUND everywhere',
      dns(failed('ENOTFOUND'), { a: failed('ENOTFOUND'), aaaa: failed('ENOTFOUND') }),
      'fail',
      /does not exist: DNS has no such name/,
      false,
    ],
    // The resolver fails but DNS answers: this PC's cache (a negative entry) disagrees with DNS; a flush can help.
    [
      'ENOTFOUND from the resolver, DNS has an A record',
      dns(failed('ENOTFOUND'), { a: ok(['192.0.2.10']) }),
      'fail',
      /does not resolve on this PC \(ENOTFOUND\), although DNS has 192\.0\.2\.10/,
      true,
    ],
    [
      'no answer within the time limit',
      dns(failed('no answer within 5000 ms', 5000), { a: failed('ETIMEOUT'), aaaa: failed('ETIMEOUT') }),
      'fail',
      /slow or unreachable/,
      true,
    ],
  ];
  for (const [what, layer, status, verdict, flush] of rows) {
    it(`${what}: ${status}`, () => {
      const r = judged('client.dns', report({ dns: layer }));
      expect(r.status, r.verdict).toBe(status);
      expect(r.verdict).toMatch(verdict);
      expect(r.fixes).toEqual(flush ? ['flush-dns'] : []);
    });
  }

  it('an IP address target: nothing to resolve (skipped, never a failure)', async () => {
    for (const ip of ['127.0.0.1', '::1']) {
      const layer = await resolveName(ip, 1000);
      expect(layer).toMatchObject({ isIp: true, consistent: true });
      const r = judged('client.dns', { ...report({ dns: layer }), host: ip });
      expect(r.status, r.verdict).toBe('skipped');
      expect(r.verdict).toMatch(/is an IP address/);
    }
  });
});

function attempt(outcome: NegotiationAttempt['outcome'], extra: Partial<NegotiationAttempt> = {}): NegotiationAttempt {
  return {
    request: 'hybrid-ex',
    requested: 11,
    requestedNames: ['TLS', 'CredSSP', 'CredSSP with Early User Authorization Result'],
    outcome,
    selected: null,
    selectedName: null,
    flags: null,
    flagNames: [],
    failureCode: null,
    failureName: null,
    errorCode: null,
    error: null,
    notes: [],
    ...extra,
  } as NegotiationAttempt;
}

const SELECTED_HYBRID = summarize(attempt('response', { selected: 8, selectedName: 'HYBRID_EX' }));
const SELECTED_SSL = summarize(attempt('response', { selected: 1, selectedName: 'SSL' }));
const TIMEOUT = summarize(attempt('transport', { errorCode: 'timeout', error: 'no answer' }));
const REFUSED_NLA = summarize(attempt('failure', { failureCode: 5, failureName: 'HYBRID_REQUIRED_BY_SERVER' }));

function compared(byName: string, byIp: string[]): IpVsNameLayer {
  const ips = byIp.map((summary, i) => ({ address: `192.0.2.${10 + i}`, summary, ms: 20 }));
  return {
    compared: true,
    reason: null,
    byName: { address: HOST, summary: byName, ms: 20 },
    byIp: ips,
    alike: ips.every((r) => r.summary === byName),
  };
}

describe('client.ip-vs-name: the same Connection Request by name and to each address', () => {
  // [what, by name, by each IP, expected]
  const rows: Array<[string, string, string[], string]> = [
    ['both select HYBRID_EX', SELECTED_HYBRID, [SELECTED_HYBRID], 'pass'],
    ['two addresses, both alike', SELECTED_HYBRID, [SELECTED_HYBRID, SELECTED_HYBRID], 'pass'],
    ['by name times out, by IP selects HYBRID_EX (the Windows 11 name issue)', TIMEOUT, [SELECTED_HYBRID], 'warn'],
    ['by name selects HYBRID_EX, one of two addresses times out', SELECTED_HYBRID, [SELECTED_HYBRID, TIMEOUT], 'warn'],
    ['by name TLS only, by IP HYBRID_EX (another server answers the name)', SELECTED_SSL, [SELECTED_HYBRID], 'warn'],
    ['both refuse alike (the same server, a server problem)', REFUSED_NLA, [REFUSED_NLA], 'pass'],
  ];
  for (const [what, byName, byIp, expected] of rows) {
    it(`${what}: ${expected}`, () => {
      const r = judged('client.ip-vs-name', report({ dns: dns(ok(['192.0.2.10'])), ipVsName: compared(byName, byIp) }));
      expect(r.status, r.verdict).toBe(expected);
      if (expected === 'warn') expect(r.verdict).toMatch(/connect by IP address/);
    });
  }

  it('the summaries tell the outcomes apart (else every row above would be "alike")', () => {
    expect(new Set([SELECTED_HYBRID, SELECTED_SSL, TIMEOUT, REFUSED_NLA]).size).toBe(4);
  });

  it('not compared: the target is an IP address, or the name did not resolve (skipped)', () => {
    const ip = judged(
      'client.ip-vs-name',
      report({ ipVsName: { compared: false, reason: 'The target is an IP address', byName: null, byIp: [], alike: true } }),
    );
    expect(ip.status).toBe('skipped');
    const unresolved = judged('client.ip-vs-name', report({ dns: dns(failed('ENOTFOUND')) }));
    expect(unresolved.status).toBe('skipped');
    expect(unresolved.verdict).toMatch(/the name does not resolve/);
  });
});

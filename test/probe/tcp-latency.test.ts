// How slow is "slow": the TCP layer's verdict comes from a real probe of a loopback peer, re-judged with the
// connect times a busy PC or a slow path would have measured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../shared/probe';
import { runProbe } from '../../electron/probe';
import { judgeProbe } from '../../electron/probe/judge';
import { summarizeTcp } from '../../electron/probe/tcp';
import { startFakePeer, type FakePeer } from '../support/fake-peers';

let peer: FakePeer;
let real: ProbeReport;
beforeAll(async () => {
  peer = await startFakePeer({ kind: 'failure', code: 5 });
  real = await runProbe(`127.0.0.1:${peer.port}`, { timeoutMs: 1000 });
});
afterAll(() => peer.close());

function judgedWith(ms: number[]): string | undefined {
  const tcp = real.layers.tcp!;
  const attempts = ms.map((t) => ({ address: '127.0.0.1', outcome: 'connected' as const, ms: t, code: null }));
  const report = { ...real, layers: { ...real.layers, tcp: summarizeTcp(tcp.address, tcp.timeoutMs, attempts) } };
  return judgeProbe(report).find((f) => f.code === 'tcp.slow')?.text;
}

describe('a slow path, not a busy PC', () => {
  it('the probe of a loopback peer is not slow', () => {
    expect(real.findings.find((f) => f.code === 'tcp.ok')?.status).toBe('pass');
    expect(real.findings.some((f) => f.code === 'tcp.slow')).toBe(false);
  });

  it('one stalled connect among fast ones (the audit run: 111, 197, 98, 1057 ms) is not a slow path', () => {
    expect(judgedWith([111.24, 196.9, 98.12, 1056.63])).toBeUndefined();
  });

  it('every connect slow (a satellite link, a congested VPN) is: named with the fastest and the average', () => {
    expect(judgedWith([310, 295, 330, 420])).toMatch(/fastest of 4 connections took 295 ms \(338\.75 ms on average\)/);
  });

  it('the boundary: 250 ms at best is not slow, 251 is', () => {
    expect(judgedWith([250, 260, 300])).toBeUndefined();
    expect(judgedWith([251, 260, 300])).toBeDefined();
  });
});

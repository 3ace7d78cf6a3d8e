// The error Remote Desktop Connection showed steers the ranking: a refusal after the handshake (0x904/0x7)
// puts the host-side checks that can explain it above a DNS failure, which ranks first without the code.
import { describe, expect, it } from 'vitest';
import { rankCauses, type ErrorHint } from '../../electron/engine/causes';
import { decodeError } from '../../shared/error-codes';
import type { Finding, Layer } from '../../shared/model';

function finding(id: string, layer: Layer, side: Finding['side'] = 'host'): Finding {
  return { id, side, layer, title: id, status: 'fail', verdict: `${id} is wrong`, evidence: [], related: [], fixes: [], durationMs: 0 };
}
function hint(code: number, extended: number | null): ErrorHint {
  const r = decodeError(code, extended);
  if (!r.ok) throw new Error(r.error);
  return { label: 'x', stage: r.decoded.stage, checks: r.decoded.checks };
}

describe('ranking with the error code', () => {
  const fs = [finding('client.dns', 'network', 'client'), finding('host.events', 'events'), finding('host.user-rights', 'policy')];

  it('without a code, the earliest layer (DNS) ranks first', () => {
    expect(rankCauses(fs)[0]!.checkId).toBe('client.dns');
  });

  it('0x904/0x7 puts the host-side refusal first and DNS last', () => {
    const causes = rankCauses(fs, hint(0x904, 7));
    expect(causes.map((c) => c.checkId)).toEqual(['host.user-rights', 'host.events', 'client.dns']);
    expect(causes[0]!.evidence.some((e) => /Can explain the error shown/.test(e))).toBe(true);
  });

  it('a DNS error code keeps DNS first', () => {
    expect(rankCauses(fs, hint(0x104, null))[0]!.checkId).toBe('client.dns');
  });

  it('a wrong machine (client.identity fails) comes first, even against an error that names host checks', () => {
    const causes = rankCauses([...fs, finding('client.identity', 'network', 'client')], hint(0x904, 7));
    expect(causes[0]!.checkId).toBe('client.identity');
  });

  it('the licensing extended codes point at host.licensing first', () => {
    const causes = rankCauses([finding('host.certificate', 'certificate'), finding('host.licensing', 'policy')], hint(0x904, 266));
    expect(causes[0]!.checkId).toBe('host.licensing');
  });
});

describe('after the handshake, the steps before it rank lower (audit4 G16)', () => {
  const tcp = finding('client.tcp', 'network', 'client');
  const warned = { ...finding('host.group-policy', 'policy'), status: 'warn' as const };

  it('without a code a failing TCP ranks above a host warning; with 0x904/0x7 (not naming it) the host warning comes first', () => {
    expect(rankCauses([tcp, warned])[0]!.checkId).toBe('client.tcp');
    expect(hint(0x904, 7).checks).not.toContain('host.group-policy');
    expect(rankCauses([tcp, warned], hint(0x904, 7)).map((c) => c.checkId)).toEqual(['host.group-policy', 'client.tcp']);
  });
});

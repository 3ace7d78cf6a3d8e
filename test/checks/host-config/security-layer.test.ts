import { describe, expect, it } from 'vitest';
import { fixRoundTrip, openSim } from '../../support/sim';
import { dword, expectNeedsAdmin, roundTripOn, TS_POLICY } from './helpers';

describe('host.security-layer', () => {
  it('passes on a healthy host (TLS)', async () => {
    const f = await (await openSim('healthy')).check('host.security-layer');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/TLS/);
  });

  it('fails on security-layer-rdp; Negotiate passes; rollback restores 0 exactly', async () => {
    const r = await fixRoundTrip('security-layer-rdp', 'host.security-layer', 'set-negotiate');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.fixes.map((f) => f.id)).toEqual(['set-negotiate']);
    expect(r.findingBefore.fixes[0]!.lowersSecurity).toBe(false);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('offers RDP security only as a confirmed downgrade, for a client without TLS', async () => {
    const sim = await openSim('healthy');
    sim.host.state.client.supportsTLS = false;
    const f = await sim.check('host.security-layer');
    expect(f.status).toBe('fail');
    expect(f.fixes.map((x) => x.id)).toEqual(['allow-rdp-security']);
    expect(f.fixes[0]).toMatchObject({ lowersSecurity: true });
    expect(f.fixes[0]!.confirmText).toMatch(/lowers security/);
    await expect(sim.fix('host.security-layer', 'allow-rdp-security', false)).rejects.toThrow(/confirm/);
    const r = await roundTripOn(sim, 'host.security-layer', 'allow-rdp-security');
    expect(r.applied.entry.lowersSecurity).toBe(true);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('names the policy and offers no fix when Group Policy forces the RDP layer', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.SecurityLayer = dword(0);
    const f = await sim.check('host.security-layer');
    expect(f.status).toBe('fail');
    expect(f.policy).toMatch(/specific security layer/);
    expect(f.fixes).toEqual([]);
  });

  it('disables the fix with the reason when not elevated', async () => {
    await expectNeedsAdmin(await openSim('security-layer-rdp', { elevated: false }), 'host.security-layer', 'set-negotiate');
  });
});

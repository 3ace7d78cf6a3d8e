import { describe, expect, it } from 'vitest';
import { findCheck } from '../../../electron/engine/checks';
import { fixRoundTrip, openSim } from '../../support/sim';
import { dword, expectNeedsAdmin, RDP_TCP, roundTripOn, TS_POLICY } from './helpers';

describe('host.nla', () => {
  it('passes on a healthy host', async () => {
    const f = await (await openSim('healthy')).check('host.nla');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'UserAuthenticationRequired (applied)')?.value).toBe('1 (from server setting)');
  });

  it('on the PowerShell path (client unknown) a pass does not claim the client can do CredSSP', async () => {
    const sim = await openSim('healthy');
    const ctx = await sim.ctx();
    const check = findCheck('host.nla')!;
    const data = (await check.collect(ctx)) as { ts: { client: unknown } };
    const j = check.judge({ ...data, ts: { ...data.ts, client: null } }, ctx);
    expect(j.status).toBe('pass');
    expect(j.verdict).not.toMatch(/the client can do it/);
    expect(j.verdict).toMatch(/HYBRID_REQUIRED_BY_SERVER/);
  });

  it('fails on nla-mismatch; the downgrade needs confirmation, passes, and rolls back exactly', async () => {
    const sim = await openSim('nla-mismatch');
    const f = await sim.check('host.nla');
    expect(f.status).toBe('fail');
    const fix = f.fixes.find((x) => x.id === 'disable-nla')!;
    expect(fix).toMatchObject({ lowersSecurity: true, reversible: true });
    expect(fix.confirmText).toMatch(/lowers security/);
    const before = sim.snapshotState();
    await expect(sim.fix('host.nla', 'disable-nla', false)).rejects.toThrow(/confirm/);
    expect(sim.snapshotState()).toEqual(before);

    const r = await fixRoundTrip('nla-mismatch', 'host.nla', 'disable-nla');
    expect(r.applied.entry.lowersSecurity).toBe(true);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('names the policy and offers no fix when Group Policy requires NLA', async () => {
    const sim = await openSim('nla-mismatch');
    sim.host.state.registry[TS_POLICY]!.UserAuthentication = dword(1);
    const f = await sim.check('host.nla');
    expect(f.status).toBe('fail');
    expect(f.policy).toMatch(/Network Level Authentication/);
    expect(f.fixes).toEqual([]);
    expect(f.evidence.find((e) => e.label === 'UserAuthenticationRequired (applied)')?.value).toBe('1 (from Group Policy)');
  });

  it('warns when NLA is off for a client that can do it; turning it on round-trips', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.UserAuthentication = dword(0);
    const r = await roundTripOn(sim, 'host.nla', 'enable-nla');
    expect(r.findingBefore.status).toBe('warn');
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('falls back to the registry when the WMI provider refuses a non-elevated app, and disables the fix', async () => {
    const sim = await openSim('nla-mismatch', { elevated: false });
    const f = await sim.check('host.nla');
    expect(f.status).toBe('fail');
    expect(f.evidence.find((e) => e.label === 'UserAuthenticationRequired (applied)')?.value).toMatch(/unavailable: Access denied/);
    await expectNeedsAdmin(sim, 'host.nla', 'disable-nla');
  });
});

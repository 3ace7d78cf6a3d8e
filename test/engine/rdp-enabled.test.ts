import { describe, expect, it } from 'vitest';
import { fixRoundTrip, openSim } from '../support/sim';

describe('host.rdp-enabled', () => {
  it('passes on a healthy host', async () => {
    const sim = await openSim('healthy');
    expect((await sim.check('host.rdp-enabled')).status).toBe('pass');
  });

  it('fails when RDP is off, the fix turns it on, rollback turns it off again exactly', async () => {
    const r = await fixRoundTrip('rdp-disabled', 'host.rdp-enabled', 'enable-rdp');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.fixes.map((f) => f.id)).toEqual(['enable-rdp']);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.applied.entry.state).toBe('applied');
    expect(r.afterFix).not.toEqual(r.before);
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('names the policy and offers no local fix when Group Policy denies RDP', async () => {
    const sim = await openSim('rdp-disabled');
    sim.host.state.registry['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services']!.fDenyTSConnections = {
      type: 'REG_DWORD',
      data: 1,
    };
    const f = await sim.check('host.rdp-enabled');
    expect(f.status).toBe('fail');
    expect(f.policy).toMatch(/Allow users to connect remotely/);
    expect(f.fixes).toEqual([]);
    await expect(sim.fix('host.rdp-enabled', 'enable-rdp')).rejects.toThrow(/does not apply now/);
  });

  it('disables the fix with the reason when the app is not elevated', async () => {
    const sim = await openSim('rdp-disabled', { elevated: false });
    const f = await sim.check('host.rdp-enabled');
    expect(f.fixes[0]?.disabledReason).toMatch(/administrator/);
    const before = sim.snapshotState();
    await expect(sim.fix('host.rdp-enabled', 'enable-rdp')).rejects.toThrow(/administrator/);
    expect(sim.snapshotState()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { SCHANNEL_PROTOCOLS_KEY } from '../../../electron/engine/windows-paths';
import { fixRoundTrip, openSim } from '../../support/sim';
import { expectNeedsAdmin, roundTripOn } from './helpers';

const TLS12 = `${SCHANNEL_PROTOCOLS_KEY}\\TLS 1.2\\Server`;
const TLS10 = `${SCHANNEL_PROTOCOLS_KEY}\\TLS 1.0\\Server`;

describe('host.schannel', () => {
  it('passes on a healthy host (values absent: enabled by default)', async () => {
    const f = await (await openSim('healthy')).check('host.schannel');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'TLS 1.2 server')?.value).toMatch(/OS default/);
  });

  it('fails on tls12-disabled; the fix enables TLS 1.2 only; rollback restores both values exactly', async () => {
    const r = await fixRoundTrip('tls12-disabled', 'host.schannel', 'enable-tls12-server');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.fixes[0]).toMatchObject({
      id: 'enable-tls12-server',
      reversible: true,
      lowersSecurity: false,
      needsRestart: true,
    });
    expect(r.applied.finding.status).toBe('pass');
    const after = JSON.parse(r.afterFix);
    expect(after.registry[TLS12]).toEqual({ Enabled: { type: 'REG_DWORD', data: 1 }, DisabledByDefault: { type: 'REG_DWORD', data: 0 } });
    // Never turns TLS 1.0/1.1 on.
    expect(after.registry[TLS10]).toEqual({ Enabled: { type: 'REG_DWORD', data: 0 }, DisabledByDefault: { type: 'REG_DWORD', data: 1 } });
    expect(r.afterRollback).toEqual(r.before);
  });

  it('DisabledByDefault = 1 alone fails; the fix writes only that value; rollback deletes nothing that existed', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TLS12] = { DisabledByDefault: { type: 'REG_DWORD', data: 1 } };
    const r = await roundTripOn(sim, 'host.schannel', 'enable-tls12-server');
    expect(r.findingBefore.verdict).toMatch(/disabled by default/);
    expect(r.applied.entry.changes).toEqual([{ what: `${TLS12}\\DisabledByDefault`, before: '1 (REG_DWORD)', after: '0 (REG_DWORD)' }]);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('an Enabled value that did not exist is deleted again on rollback', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TLS12] = { Enabled: { type: 'REG_DWORD', data: 0 } };
    const r = await roundTripOn(sim, 'host.schannel', 'enable-tls12-server');
    expect(r.applied.entry.snapshot).toEqual({
      items: [{ key: TLS12, name: 'Enabled', value: { type: 'REG_DWORD', data: 0 }, after: { type: 'REG_DWORD', data: 1 } }],
    });
    expect(r.afterRollback).toEqual(r.before);
  });

  it('not elevated: the fix is disabled with the reason and nothing changes', async () => {
    await expectNeedsAdmin('tls12-disabled', 'host.schannel', 'enable-tls12-server');
  });
});

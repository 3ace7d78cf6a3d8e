import { describe, expect, it } from 'vitest';
import { fixRoundTrip, openSim } from '../../support/sim';
import { expectNeedsAdmin, roundTripOn } from './helpers';

describe('host.service', () => {
  it('passes on a healthy host', async () => {
    expect((await (await openSim('healthy')).check('host.service')).status).toBe('pass');
  });

  it('fails on service-stopped; the fix starts the services, rollback stops them again exactly', async () => {
    const r = await fixRoundTrip('service-stopped', 'host.service', 'start-rdp-services');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.fixes.map((f) => f.id)).toEqual(['start-rdp-services']);
    expect(r.applied.finding.status).toBe('pass');
    expect(JSON.parse(r.afterFix).services.TermService.status).toBe('Running');
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('the fix also brings the listener back', async () => {
    const sim = await openSim('service-stopped');
    await sim.fix('host.service', 'start-rdp-services');
    expect((await sim.check('host.listener')).status).toBe('pass');
  });

  it('a Disabled TermService is set to Manual and started; rollback restores Disabled and Stopped', async () => {
    const sim = await openSim('service-stopped');
    sim.host.state.services.TermService!.startType = 'Disabled';
    const r = await roundTripOn(sim, 'host.service', 'start-rdp-services');
    expect(r.findingBefore.verdict).toMatch(/Stopped and Disabled/);
    expect(r.applied.entry.changes.find((c) => c.what === 'Service TermService')).toEqual({
      what: 'Service TermService',
      before: 'Stopped, start type Disabled',
      after: 'Running, start type Manual',
    });
    expect(r.applied.finding.status).toBe('pass');
    expect(sim.host.state.services.TermService).toMatchObject({ status: 'Stopped', startType: 'Disabled' });
    expect(r.afterRollback).toEqual(r.before);
  });

  it('warns when a running helper service is Disabled', async () => {
    const sim = await openSim('healthy');
    sim.host.state.services.SessionEnv!.startType = 'Disabled';
    const f = await sim.check('host.service');
    expect(f.status).toBe('warn');
    const r = await roundTripOn(sim, 'host.service', 'start-rdp-services');
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('fails without a fix when TermService is not installed', async () => {
    const sim = await openSim('healthy');
    delete sim.host.state.services.TermService;
    delete sim.host.state.services.UmRdpService;
    const f = await sim.check('host.service');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/TermService .* is not installed/);
    expect(f.fixes).toEqual([]);
  });

  it('disables the fix with the reason when not elevated', async () => {
    await expectNeedsAdmin(await openSim('service-stopped', { elevated: false }), 'host.service', 'start-rdp-services');
  });
});

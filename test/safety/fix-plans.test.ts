// Confirmation is bound to a plan, not to a value the caller sends: fix:apply needs the single-use plan id
// fix:plan returned, within a few minutes; a fix that lowers security or cannot be undone is confirmed by
// the main process (a native dialog), and browser mode alone cannot apply one to a real host.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import { PlanStore, PLAN_TTL_MS } from '../../electron/app/plan-store';
import type { AppService, FixConfirmation } from '../../electron/app/service-types';
import type { HostAdapter } from '../../electron/hosts/host-adapter';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { tempDir } from '../support/sim';

let service: AppService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

const NLA = { checkId: 'host.nla', fixId: 'disable-nla', target: null };

async function openSim(scenario: string, confirmFix?: (r: FixConfirmation) => Promise<boolean>) {
  const dir = tempDir();
  const stateFile = path.join(dir, 'state.json');
  service = await createAppService({
    host: { kind: 'simulated', scenario, stateFile },
    dataDir: dir,
    ...(confirmFix ? { hooks: { confirmFix } } : {}),
  });
  return { service, state: () => readFileSync(stateFile, 'utf8') };
}

/** The simulator behind the adapter a real Windows PC has: what browser mode would drive on a technician's host. */
async function openAsWindows(scenario: string, confirmFix?: (r: FixConfirmation) => Promise<boolean>) {
  const dir = tempDir();
  const sim = SimulatedHost.open({ scenario, stateFile: path.join(dir, 'state.json') });
  const windows: HostAdapter = {
    kind: 'powershell',
    info: () => sim.info(),
    run: (s, i, sc, o) => sim.run(s, i, sc, o),
    flush: () => sim.flush(),
    close: () => sim.close(),
  };
  service = await createAppService({
    host: { kind: 'powershell' },
    dataDir: dir,
    hostAdapter: windows,
    ...(confirmFix ? { hooks: { confirmFix } } : {}),
  });
  return { service, state: () => JSON.stringify(sim.state) };
}

async function plan(s: AppService, args = NLA) {
  const r = await s.invoke('fix:plan', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('fix plans', () => {
  it('the plan says whether confirmation is needed (one rule, decided by the service) and the default time box', async () => {
    const { service } = await openSim('nla-mismatch');
    expect(await plan(service)).toMatchObject({
      needsConfirmation: true,
      revertAfterDefaultMinutes: 15,
      planId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const { service: other } = await openSim('rdp-disabled');
    expect(await plan(other, { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null })).toMatchObject({
      needsConfirmation: false,
      revertAfterDefaultMinutes: null,
    });
    await other.close();
  });

  it('an apply with a plan id nobody issued changes nothing', async () => {
    const { service, state } = await openSim('nla-mismatch');
    const before = state();
    const r = await service.invoke('fix:apply', { ...NLA, planId: 'f'.repeat(32), confirmed: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', field: 'planId' } });
    expect(state()).toBe(before);
  });

  it('a plan is used once: replaying the same apply is refused', async () => {
    const { service } = await openSim('rdp-disabled');
    const fix = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };
    const p = await plan(service, fix);
    expect((await service.invoke('fix:apply', { ...fix, planId: p.planId, confirmed: false })).ok).toBe(true);
    const again = await service.invoke('fix:apply', { ...fix, planId: p.planId, confirmed: false });
    expect(again).toMatchObject({ ok: false, error: { field: 'planId', message: expect.stringMatching(/already used/) } });
  });

  it('a plan for one fix does not apply another', async () => {
    const { service, state } = await openSim('nla-mismatch');
    const p = await plan(service, { checkId: 'host.nla', fixId: 'enable-nla', target: null }).catch(() => null);
    const other = p ?? (await plan(service));
    const before = state();
    const r = await service.invoke('fix:apply', {
      checkId: 'host.security-layer',
      fixId: 'allow-rdp-security',
      target: null,
      planId: other.planId,
      confirmed: true,
    });
    expect(r).toMatchObject({ ok: false, error: { field: 'planId' } });
    expect(state()).toBe(before);
  });

  it('plans expire after a few minutes', () => {
    let now = 0;
    const store = new PlanStore(() => now);
    const p = store.issue({
      checkId: 'host.nla',
      fixId: 'disable-nla',
      target: null,
      params: '{}',
      host: 'this Windows PC',
      title: 't',
      needsConfirmation: true,
      lowersSecurity: true,
      confirmText: null,
    });
    now = PLAN_TTL_MS + 1;
    expect(
      store.take(p.id, { checkId: 'host.nla', fixId: 'disable-nla', target: null, host: 'this Windows PC', params: '{}' }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
    expect(PLAN_TTL_MS).toBeLessThanOrEqual(10 * 60_000);
  });
});

describe('confirmation where the change happens', () => {
  it('browser mode on a Windows host (the simulator behind a PowerShell-kind adapter): a plan and confirmed:true still do not turn NLA off', async () => {
    const { service, state } = await openAsWindows('nla-mismatch');
    const before = state();
    const p = await plan(service);
    const r = await service.invoke('fix:apply', { ...NLA, planId: p.planId, confirmed: true });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'confirmed', message: expect.stringMatching(/desktop app|--yes/) },
    });
    expect(state()).toBe(before);
  });

  it('the desktop app asks the main process: a declined native dialog changes nothing, whatever the page sent', async () => {
    const asked: FixConfirmation[] = [];
    const { service, state } = await openAsWindows('nla-mismatch', async (r) => (asked.push(r), false));
    const before = state();
    const p = await plan(service);
    const r = await service.invoke('fix:apply', { ...NLA, planId: p.planId, confirmed: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(asked).toMatchObject([{ kind: 'apply', revertAfterMinutes: 15, detail: expect.stringMatching(/lowers security/) }]);
    expect(state()).toBe(before);
  });

  it('an accepted dialog applies with the chosen time box; "until I revert" is asked separately', async () => {
    const asked: FixConfirmation['kind'][] = [];
    const { service } = await openAsWindows('nla-mismatch', async (r) => (asked.push(r.kind), true));
    const p = await plan(service);
    const r = await service.invoke('fix:apply', { ...NLA, planId: p.planId, confirmed: false, revertAfterMinutes: null });
    if (!r.ok) throw new Error(r.error.message);
    expect(asked).toEqual(['apply', 'keep-downgrade']);
    expect(r.value.entry.revertAt).toBeNull();
  });

  it('a fix that needs no confirmation never shows the dialog', async () => {
    const asked: string[] = [];
    const { service } = await openSim('rdp-disabled', async (r) => (asked.push(r.kind), false));
    const fix = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };
    const p = await plan(service, fix);
    expect((await service.invoke('fix:apply', { ...fix, planId: p.planId, confirmed: false })).ok).toBe(true);
    expect(asked).toEqual([]);
  });

  it('"until I revert" needs its own confirmation from the page, not only the fix\'s', async () => {
    const { service, state } = await openSim('nla-mismatch');
    const before = state();
    const p = await plan(service);
    const r = await service.invoke('fix:apply', { ...NLA, planId: p.planId, confirmed: true, revertAfterMinutes: null });
    expect(r).toMatchObject({ ok: false, error: { field: 'confirmed', message: expect.stringMatching(/Confirm it explicitly/) } });
    expect(state()).toBe(before);
    const p2 = await plan(service);
    const ok = await service.invoke('fix:apply', {
      ...NLA,
      planId: p2.planId,
      confirmed: true,
      revertAfterMinutes: null,
      confirmedNoRevert: true,
    });
    expect(ok.ok && ok.value.entry.revertAt).toBeNull();
  });

  it('on the simulated host in browser mode, the page must still confirm', async () => {
    const { service, state } = await openSim('nla-mismatch');
    const before = state();
    const p = await plan(service);
    const r = await service.invoke('fix:apply', { ...NLA, planId: p.planId, confirmed: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'confirmed' } });
    expect(state()).toBe(before);
  });
});

describe('one lock for every entry point', () => {
  it("the app waits for the CLI's lock on the same host before it changes anything", async () => {
    const { acquireFileLock } = await import('../../electron/util/file-lock');
    const dir = tempDir();
    const stateFile = path.join(dir, 'state.json');
    service = await createAppService({ host: { kind: 'simulated', scenario: 'rdp-disabled', stateFile }, dataDir: dir });
    const fix = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };
    const p = await plan(service, fix);
    const cli = await acquireFileLock(stateFile, 1_000);
    let releasedAt = 0;
    setTimeout(() => {
      releasedAt = Date.now();
      cli.release();
    }, 400);
    const r = await service.invoke('fix:apply', { ...fix, planId: p.planId, confirmed: false });
    expect(r.ok).toBe(true);
    expect(releasedAt).toBeGreaterThan(0);
  });
});

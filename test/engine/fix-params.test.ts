// Fix parameters (issue 14 §1): the technician picks which disconnected session host.session-limits logs off.
// Through the engine (fixer + journal), through the app service's contract (fix:plan / fix:apply), and
// bad values are refused with the field and the expected form before anything changes.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import { openSim, tempDir } from '../support/sim';

const SL = 'host.session-limits';
const LOGOFF = 'log-off-disconnected-session';
const ids = (sim: Awaited<ReturnType<typeof openSim>>) => sim.host.state.sessions.map((s) => s.id);

describe('fixer: a fix with parameters', () => {
  it('logs off exactly the session picked (not the default), and the journal records the choice', async () => {
    const sim = await openSim('sessions-held-disconnected');
    const f = await sim.check(SL);
    expect(f.status).toBe('fail');
    // The picker's options come from the check's data: the disconnected sessions, the one disconnected longest first.
    expect(f.fixes[0]?.parameters).toEqual([
      {
        name: 'session',
        label: 'Session to log off',
        options: [expect.objectContaining({ value: 2 }), expect.objectContaining({ value: 4 })],
      },
    ]);
    const applied = await sim.fix(SL, LOGOFF, true, { session: 4 });
    expect(applied.entry.params).toEqual({ session: 4 });
    expect(applied.entry.changes[0]).toMatchObject({ what: 'Session 4 of CORP\\m.kuhn', after: '(logged off)' });
    expect(ids(sim)).toContain(2);
    expect(ids(sim)).not.toContain(4);
    expect(sim.journal.read(applied.entry.id).entry?.params).toEqual({ session: 4 });
    expect(applied.finding.status).toBe('pass');
  });

  it('without a choice, logs off the one disconnected longest', async () => {
    const sim = await openSim('sessions-held-disconnected');
    const applied = await sim.fix(SL, LOGOFF);
    expect(applied.entry.params).toBeUndefined();
    expect(ids(sim)).not.toContain(2);
    expect(ids(sim)).toContain(4);
  });

  it.each([
    [{ session: 9 }, 'params.session', /session 9 is not a disconnected session .*disconnected now: 2, 4/],
    [{ session: 1 }, 'params.session', /session 1 is not a disconnected session/],
    [{ session: 'four' }, 'params.session', /expected a session id, a whole number such as 3/],
    [{ session: 2.5 }, 'params.session', /expected a session id/],
    [{ sesion: 4 }, 'params', /sesion/],
  ])('refuses %j naming %s, and changes nothing', async (params, field, message) => {
    const sim = await openSim('sessions-held-disconnected');
    const before = sim.snapshotState();
    const err = await sim.fix(SL, LOGOFF, true, params).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'FixError', field, message: expect.stringMatching(message) });
    expect(sim.snapshotState()).toBe(before);
    expect(sim.journal.list().entries).toEqual([]);
  });

  it('a fix that takes no parameters refuses any', async () => {
    const sim = await openSim('rdp-disabled');
    const before = sim.snapshotState();
    const err = await sim.fix('host.rdp-enabled', 'enable-rdp', true, { session: 4 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ field: 'params.session', message: expect.stringMatching(/takes no parameters/) });
    expect(sim.snapshotState()).toBe(before);
  });
});

describe('contract: fix:plan and fix:apply carry the parameters', () => {
  let service: AppService | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
  });

  async function open() {
    const dir = tempDir();
    const stateFile = path.join(dir, 'state.json');
    service = await createAppService({ host: { kind: 'simulated', scenario: 'sessions-held-disconnected', stateFile }, dataDir: dir });
    await service.invoke('diagnose:run', { target: null, checks: [SL] });
    return { s: service, state: () => readFileSync(stateFile, 'utf8') };
  }
  const base = { checkId: SL, fixId: LOGOFF, target: null };

  it('the plan shows the chosen session; apply with the same parameters logs off exactly that one', async () => {
    const { s, state } = await open();
    const plan = await s.invoke('fix:plan', { ...base, params: { session: 4 } });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.params).toEqual({ session: 4 });
    expect(plan.value.changes[0]?.what).toBe('Session 4 of CORP\\m.kuhn');
    const applied = await s.invoke('fix:apply', { ...base, planId: plan.value.planId, confirmed: true, params: { session: 4 } });
    if (!applied.ok) throw new Error(applied.error.message);
    expect(applied.value.entry.params).toEqual({ session: 4 });
    const sessions = (JSON.parse(state()) as { state: { sessions: { id: number }[] } }).state.sessions.map((x) => x.id);
    expect(sessions).toContain(2);
    expect(sessions).not.toContain(4);
  });

  it('a plan is bound to its parameters: apply with others is refused and the plan is used up', async () => {
    const { s, state } = await open();
    const before = state();
    const plan = await s.invoke('fix:plan', { ...base, params: { session: 4 } });
    if (!plan.ok) throw new Error(plan.error.message);
    const other = await s.invoke('fix:apply', { ...base, planId: plan.value.planId, confirmed: true, params: { session: 2 } });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict', field: 'planId', message: expect.stringMatching(/"session":4/) } });
    const again = await s.invoke('fix:apply', { ...base, planId: plan.value.planId, confirmed: true, params: { session: 4 } });
    expect(again).toMatchObject({ ok: false, error: { field: 'planId' } });
    expect(state()).toBe(before);
  });

  it.each([
    [{ session: 'x'.repeat(300) }, 'args.params.session'],
    [{ 'bad name': 1 }, 'args.params.bad name'],
    [{ session: 7 }, 'params.session'],
    [{ session: -1 }, 'params.session'],
  ])('fix:plan with %j is refused naming %s', async (params, field) => {
    const { s, state } = await open();
    const before = state();
    const r = await s.invoke('fix:plan', { ...base, params });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', field } });
    if (!r.ok) expect(r.error.message.startsWith(`${field}: `)).toBe(true);
    expect(state()).toBe(before);
  });
});

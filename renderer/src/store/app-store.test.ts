// Store logic without a DOM: a fake RdpApi answers, and the tests read the state the screens would render.
import { describe, expect, it } from 'vitest';
import type { Args, Channel, Envelope, RdpApi, RpcError } from '../../../shared/contract';
import type { Diagnosis, Finding, FixInfo, JournalEntry, Progress } from '../../../shared/model';
import { makeEntry, makeFinding } from '../../../test/support/findings';
import { createAppStore, openDowngrades, sortedScanRows, targetError } from './app-store';

const host = {
  kind: 'simulated' as const,
  scenario: 'expired-cert',
  scenarioSummary: 'x',
  computerName: 'SIM',
  os: 'Windows',
  build: '1',
  elevated: true,
  user: 'u',
  inRdpSession: false,
};

const finding = makeFinding;

const entry = (id: string, extra: Partial<JournalEntry> = {}): JournalEntry =>
  makeEntry('host.firewall', { id, fixId: 'enable-rules', title: 'Enable rules', ...extra });

/** The plan part of a fix:plan answer. */
const PLAN = {
  planId: '0123456789abcdef0123456789abcdef',
  expiresAt: '2026-01-01T00:05:00Z',
  needsConfirmation: false,
  revertAfterDefaultMinutes: null,
};

/** Fake channel handlers, each given its channel's arguments. */
type Handlers = { [C in Channel]?: (args: Args<C>) => unknown };

function fakeApi(handlers: Handlers) {
  const listeners: ((p: Progress) => void)[] = [];
  const calls: string[] = [];
  const api: RdpApi = {
    async invoke(channel, args) {
      calls.push(channel);
      const h = handlers[channel];
      if (!h) return { ok: false, error: { code: 'internal', message: `no handler for ${channel}` } };
      const value = await h(args);
      if (value && typeof value === 'object' && 'error' in value) return { ok: false, error: value.error as RpcError };
      return { ok: true, value } as Envelope<never>;
    },
    on(_e, l) {
      listeners.push(l as (p: Progress) => void);
      return () => undefined;
    },
  };
  return { api, calls, emit: (p: Progress) => listeners.forEach((l) => l(p)) };
}

const diagnosis = (findings: Finding[]): Diagnosis => ({
  runId: 'run-1',
  startedAt: '',
  finishedAt: '',
  target: null,
  host,
  findings,
  causes: [],
  cancelled: false,
});

const base = {
  'app:info': () => ({ version: '1', platform: 'linux', host, simulated: true }),
  'scenarios:list': () => [{ name: 'expired-cert', summary: 's' }],
  'journal:list': () => ({ entries: [], problems: [] }),
};

/** A fix as a finding offers it: reversible, no security downgrade, no dropped sessions unless `extra` says so. */
function offeredFix(id: string, title: string, extra: Partial<FixInfo> = {}): FixInfo {
  return {
    id,
    title,
    description: 'd',
    reversible: true,
    lowersSecurity: false,
    needsAdmin: true,
    needsRestart: false,
    dropsSessions: false,
    ...extra,
  };
}

/** A store that has loaded and run one diagnosis through `api`. */
async function diagnosedStore(api: RdpApi) {
  const store = createAppStore(api);
  await store.getState().init();
  await store.getState().runDiagnosis();
  return store;
}

describe('app store: the error code field', () => {
  it('sends the typed error code with the diagnosis, and nothing when the field is empty', async () => {
    const seen: unknown[] = [];
    const { api } = fakeApi({ ...base, 'diagnose:run': (args) => (seen.push(args), diagnosis([])) });
    const store = createAppStore(api);
    await store.getState().init();
    store.getState().setMode('host');
    store.getState().setErrorText(' 0x904 / 0x7 ');
    await store.getState().runDiagnosis();
    store.getState().setErrorText('');
    await store.getState().runDiagnosis();
    expect(seen).toEqual([
      { target: null, sides: ['host'], error: '0x904 / 0x7' },
      { target: null, sides: ['host'] },
    ]);
  });
});

describe('app store', () => {
  it('loads app info, scenarios and the journal', async () => {
    const { api } = fakeApi(base);
    const store = createAppStore(api);
    await store.getState().init();
    expect(store.getState().info?.host.scenario).toBe('expired-cert');
    expect(store.getState().scenarios).toHaveLength(1);
  });

  it('streams progress rows, then shows the diagnosis', async () => {
    let finish!: (d: Diagnosis) => void;
    const { api, emit } = fakeApi({ ...base, 'diagnose:run': () => new Promise((r) => (finish = r)) });
    const store = createAppStore(api);
    await store.getState().init();
    const running = store.getState().runDiagnosis();
    expect(store.getState().screen).toBe('diagnosis');
    emit({ runId: 'run-1', checkId: 'host.certificate', phase: 'started', done: 0, total: 2 });
    emit({ runId: 'run-1', checkId: 'host.service', phase: 'started', done: 0, total: 2 });
    emit({ runId: 'run-1', checkId: 'host.service', phase: 'finished', finding: finding('host.service', 'pass'), done: 1, total: 2 });
    emit({ runId: 'other', checkId: 'host.x', phase: 'started', done: 0, total: 9 });
    const run = store.getState().run!;
    expect(run.runId).toBe('run-1');
    expect(run.rows.map((r) => [r.checkId, r.finding?.status ?? 'running'])).toEqual([
      ['host.certificate', 'running'],
      ['host.service', 'pass'],
    ]);
    expect([run.done, run.total]).toEqual([1, 2]);
    finish(diagnosis([finding('host.certificate', 'fail'), finding('host.service', 'pass')]));
    await running;
    expect(store.getState().diagnosis?.findings).toHaveLength(2);
    expect(store.getState().run?.active).toBe(false);
  });

  it('refuses an invalid target with a message that names it and says what to type', async () => {
    const { api, calls } = fakeApi(base);
    const store = createAppStore(api);
    store.getState().setMode('client');
    store.getState().setTargetText('pc_01:99999');
    await store.getState().runDiagnosis();
    expect(calls).not.toContain('diagnose:run');
    expect(store.getState().notices[0]?.text).toMatch(/Target.*port "99999"/);
    expect(targetError('10.0.0.5:3390')).toBeNull();
    expect(targetError('300.1.1.1')).toMatch(/not a valid IPv4/);
    expect(targetError('')).toBeNull();
  });

  it('an error notice stays however much information comes after it; information keeps its three latest', () => {
    const store = createAppStore(fakeApi(base).api);
    store.getState().notify('error', 'The run failed.');
    for (const n of [1, 2, 3, 4, 5]) store.getState().notify('info', `Loaded ${n}.`);
    const texts = store.getState().notices.map((n) => n.text);
    expect(texts).toEqual(['The run failed.', 'Loaded 3.', 'Loaded 4.', 'Loaded 5.']);
  });

  it('previews, applies, and undoes a fix, updating the finding each time', async () => {
    const fix = offeredFix('enable-rules', 'Enable rules');
    let journal: JournalEntry[] = [];
    const { api } = fakeApi({
      ...base,
      'diagnose:run': () => diagnosis([finding('host.firewall', 'fail', { fixes: [fix] })]),
      'fix:plan': () => ({ fix, changes: [{ what: 'rule', before: false, after: true }], warnings: [], ...PLAN }),
      'fix:apply': (a) => {
        expect(a.confirmed).toBe(true);
        // The plan's single-use id goes back with the apply.
        expect(a.planId).toBe(PLAN.planId);
        journal = [entry('20260101T000000Z-aaaaaaaa')];
        return { entry: journal[0], finding: finding('host.firewall', 'pass') };
      },
      'journal:list': () => ({ entries: journal, problems: [] }),
      'journal:rollback': () => {
        journal = [entry('20260101T000000Z-aaaaaaaa', { state: 'rolled-back' })];
        return { entry: journal[0], finding: finding('host.firewall', 'fail', { fixes: [fix] }) };
      },
    });
    const store = await diagnosedStore(api);
    await store.getState().openFix('host.firewall', 'enable-rules');
    expect(store.getState().fixDialog?.phase).toBe('preview');
    expect(store.getState().fixDialog?.changes).toHaveLength(1);
    await store.getState().applyFix(true);
    expect(store.getState().fixDialog?.phase).toBe('applied');
    expect(store.getState().diagnosis?.findings[0]?.status).toBe('pass');
    expect(store.getState().journal).toHaveLength(1);
    await store.getState().undoFix();
    // Undo asks first: nothing is rolled back until it is confirmed.
    expect(store.getState().fixDialog?.phase).toBe('confirm-undo');
    await store.getState().undoFix(true);
    expect(store.getState().fixDialog?.phase).toBe('undone');
    expect(store.getState().diagnosis?.findings[0]?.status).toBe('fail');
    expect(store.getState().journal[0]?.state).toBe('rolled-back');
  });

  it('after a fix, re-runs the checks of the other causes, which may have been its consequences', async () => {
    const fix = offeredFix('turn-on', 'Turn on');
    const cause = (checkId: string, confidence: number) => ({ id: checkId, title: checkId, confidence, evidence: [], fix: null, checkId });
    const { api, calls } = fakeApi({
      ...base,
      'diagnose:run': () => ({
        ...diagnosis([finding('host.rdp-enabled', 'fail', { fixes: [fix] }), finding('host.listener', 'fail')]),
        causes: [cause('host.rdp-enabled', 0.8), cause('host.listener', 0.35)],
      }),
      'fix:plan': () => ({ fix, changes: [], warnings: [], ...PLAN }),
      'fix:apply': () => ({ entry: entry('20260101T000000Z-bbbbbbbb'), finding: finding('host.rdp-enabled', 'pass') }),
      'check:run': (a) => finding(a.checkId, 'pass'),
    });
    const store = await diagnosedStore(api);
    await store.getState().openFix('host.rdp-enabled', 'turn-on');
    await store.getState().applyFix(true);
    expect(calls.filter((c) => c === 'check:run')).toHaveLength(1);
    expect(store.getState().diagnosis?.findings.map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  it('keeps what the first run found across fixes and re-runs; a new scenario starts afresh', async () => {
    let status: Finding['status'] = 'fail';
    const { api } = fakeApi({
      ...base,
      'diagnose:run': () => diagnosis([finding('host.firewall', status)]),
      'scenarios:select': () => host,
    });
    const store = await diagnosedStore(api);
    status = 'pass';
    await store.getState().runDiagnosis();
    expect(store.getState().diagnosis?.findings[0]?.status).toBe('pass');
    expect(store.getState().baseline.map((f) => f.status)).toEqual(['fail']);
    await store.getState().selectScenario('healthy');
    expect(store.getState().baseline).toEqual([]);
    expect(store.getState().diagnosis).toBeNull();
  });

  it('after an undo, re-reads a check that failed at first, even if it passed after the fix', async () => {
    const fix = offeredFix('turn-on', 'Turn on');
    let listener: Finding['status'] = 'fail';
    const { api, calls } = fakeApi({
      ...base,
      'diagnose:run': () => diagnosis([finding('host.rdp-enabled', 'fail', { fixes: [fix] }), finding('host.listener', 'fail')]),
      'fix:plan': () => ({ fix, changes: [], warnings: [], ...PLAN }),
      'fix:apply': () => {
        listener = 'pass';
        return { entry: entry('20260101T000000Z-bbbbbbbb'), finding: finding('host.rdp-enabled', 'pass') };
      },
      'journal:rollback': () => {
        listener = 'fail';
        return {
          entry: entry('20260101T000000Z-bbbbbbbb', { state: 'rolled-back' }),
          finding: finding('host.rdp-enabled', 'fail', { fixes: [fix] }),
        };
      },
      'check:run': (a) => finding(a.checkId, listener),
    });
    const store = await diagnosedStore(api);
    await store.getState().openFix('host.rdp-enabled', 'turn-on');
    await store.getState().applyFix(true);
    expect(store.getState().diagnosis?.findings.map((f) => f.status)).toEqual(['pass', 'pass']);
    await store.getState().undoFix();
    await store.getState().undoFix(true);
    expect(calls.filter((c) => c === 'check:run')).toHaveLength(2);
    expect(store.getState().diagnosis?.findings.map((f) => f.status)).toEqual(['fail', 'fail']);
  });

  it('keeps the dialog open with a plain-words error when apply fails', async () => {
    const fix = offeredFix('renew-certificate', 'Renew', { reversible: false, dropsSessions: true, confirmText: 'I understand' });
    const { api } = fakeApi({
      ...base,
      'diagnose:run': () => diagnosis([finding('host.certificate', 'fail', { fixes: [fix] })]),
      'fix:plan': () => ({ fix, changes: [], warnings: [], ...PLAN }),
      'fix:apply': () => ({
        error: { code: 'bad-input', message: 'confirmed: this fix cannot be undone and needs confirmation', field: 'confirmed' },
      }),
    });
    const store = await diagnosedStore(api);
    await store.getState().openFix('host.certificate', 'renew-certificate');
    await store.getState().applyFix(false);
    const d = store.getState().fixDialog!;
    expect(d.phase).toBe('preview');
    expect(d.error).toMatch(/did not accept that input: confirmed: this fix cannot be undone.*Correct it and try again/);
  });

  it('lists open downgrades and sorts scan rows', () => {
    const j = [
      entry('20260101T000000Z-00000001', { lowersSecurity: true }),
      entry('20260101T000000Z-00000002', { lowersSecurity: true, state: 'rolled-back' }),
    ];
    expect(openDowngrades(j).map((e) => e.id)).toEqual(['20260101T000000Z-00000001']);
    const rows = [
      { target: 'pc-10', status: 'pass' as const, summary: 'ok', durationMs: 30, report: null },
      { target: 'pc-2', status: 'fail' as const, summary: 'refused', durationMs: 10, report: null },
    ];
    const scan = { text: '', running: false, rows, error: null, sort: { key: 'status' as const, dir: 'asc' as const } };
    expect(sortedScanRows(scan).map((r) => r.target)).toEqual(['pc-2', 'pc-10']);
    expect(sortedScanRows({ ...scan, sort: { key: 'target', dir: 'desc' } }).map((r) => r.target)).toEqual(['pc-10', 'pc-2']);
  });
});

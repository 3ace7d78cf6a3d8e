// Starting the app, picking the host (scenario), running and cancelling a diagnosis, re-checking one check.
import type { Progress } from '../../../shared/model';
import { parseTarget, formatTarget } from '../../../shared/target';
import type { ActionContext } from './call';
import { mergeBaseline, replaceFinding, sidesFor } from './findings';
import type { AppState, RunRow } from './types';

type RunActions = Pick<
  AppState,
  'init' | 'go' | 'setMode' | 'setTargetText' | 'setErrorText' | 'setUserText' | 'selectScenario' | 'runDiagnosis' | 'cancelRun' | 'recheck'
>;

function onProgress({ get, set, now }: ActionContext, p: Progress): void {
  const run = get().run;
  if (!run) return;
  if (run.runId !== null && run.runId !== p.runId) return;
  const t = now();
  const rows = [...run.rows];
  const i = rows.findIndex((r) => r.checkId === p.checkId);
  if (p.phase === 'started') {
    if (i < 0) rows.push({ checkId: p.checkId, startedAt: t, finishedAt: null, finding: null });
  } else {
    const row: RunRow = { checkId: p.checkId, startedAt: i >= 0 ? rows[i]!.startedAt : t, finishedAt: t, finding: p.finding ?? null };
    if (i >= 0) rows[i] = row;
    else rows.push(row);
  }
  set({ run: { ...run, runId: p.runId, rows, done: Math.max(run.done, p.done), total: Math.max(run.total, p.total) } });
}

export function runActions(ctx: ActionContext): RunActions {
  const { api, set, get, call, callOrError, now } = ctx;
  return {
    async init() {
      api.on('diagnose:progress', (p) => onProgress(ctx, p));
      const info = await callOrError('app:info', {});
      if ('error' in info) {
        set({ loadError: info.error });
        return;
      }
      set({ info: info.value, loadError: null });
      const [scenarios] = await Promise.all([
        info.value.simulated ? call('scenarios:list', {}) : Promise.resolve([]),
        get().refreshJournal(),
      ]);
      set({ scenarios: scenarios ?? [] });
    },

    go(screen) {
      set({ screen });
      if (screen === 'history') void get().refreshJournal();
    },

    setMode(mode) {
      set({ mode });
    },

    setTargetText(text) {
      set({ targetText: text });
    },

    setErrorText(text) {
      set({ errorText: text });
    },

    setUserText(text) {
      set({ userText: text });
    },

    async selectScenario(name) {
      set({ busy: { ...get().busy, scenario: true } });
      const host = await call('scenarios:select', { name });
      set({ busy: { ...get().busy, scenario: false } });
      if (!host) return;
      const info = get().info;
      // A new scenario is a new host: earlier results describe a machine that no longer exists.
      set({ info: info ? { ...info, host } : info, diagnosis: null, baseline: [], run: null, fixDialog: null, ownDowngrades: [] });
      await get().refreshJournal();
      get().notify('info', `Scenario “${name}” loaded: a fresh simulated host. Run the checks to diagnose it.`);
    },

    async runDiagnosis() {
      const { mode, targetText, run: current } = get();
      if (current?.active || get().busy.scenario) return;
      let target: string | null = null;
      if (mode === 'client') {
        const parsed = parseTarget(targetText, 'Target');
        if (!parsed.ok) {
          get().notify('error', `${parsed.error}. Type the name or address of the PC you connect to, for example pc-042 or 10.0.0.5:3389.`);
          return;
        }
        target = formatTarget(parsed.target);
      }
      set({
        screen: 'diagnosis',
        diagnosis: null,
        fixDialog: null,
        run: { mode, target, runId: null, startedAt: now(), done: 0, total: 0, rows: [], active: true, cancelling: false },
      });
      const errorText = get().errorText.trim();
      const userText = get().userText.trim();
      const result = await callOrError('diagnose:run', {
        target,
        sides: sidesFor(mode),
        ...(errorText ? { error: errorText } : {}),
        ...(userText ? { user: userText } : {}),
      });
      const run = get().run;
      if ('error' in result) {
        get().notify('error', result.error);
        set({ run: run ? { ...run, active: false, cancelling: false } : run, diagnosis: null });
        if (run && run.rows.length === 0) set({ run: null, screen: 'start' });
        return;
      }
      // Another target is another connection: what was found first on the old one says nothing about it.
      const sameTarget =
        get().baseline.length === 0 || get().diagnosis?.target === result.value.target || current?.target === result.value.target;
      set({
        diagnosis: result.value,
        baseline: mergeBaseline(sameTarget ? get().baseline : [], result.value.findings),
        run: run ? { ...run, active: false, cancelling: false } : run,
      });
    },

    async cancelRun() {
      const run = get().run;
      if (!run?.active || run.runId === null) return;
      set({ run: { ...run, cancelling: true } });
      await call('diagnose:cancel', { runId: run.runId });
    },

    async recheck(checkId) {
      if (get().rechecking.includes(checkId)) return;
      set({ rechecking: [...get().rechecking, checkId] });
      const finding = await call('check:run', { checkId, target: get().diagnosis?.target ?? null });
      set({ rechecking: get().rechecking.filter((id) => id !== checkId) });
      if (finding) set({ diagnosis: replaceFinding(get().diagnosis, finding) });
    },
  };
}

// The renderer's state and every action the technician can take. It talks only to an RdpApi, so tests drive
// it with a fake API and no DOM. Components read it through useApp (store/context.tsx).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Args, Channel, RdpApi, Result } from '../../../shared/contract';
import type {
  Change,
  Diagnosis,
  Finding,
  FixInfo,
  HostInfo,
  JournalEntry,
  Progress,
  ScenarioInfo,
  Side,
} from '../../../shared/model';
import type { ReportFormat } from '../../../shared/report';
import type { ScanRow } from '../../../shared/probe';
import { parseTarget, formatTarget } from '../../../shared/target';
import { explainError } from '../lib/words';

export type Screen = 'start' | 'diagnosis' | 'scan' | 'history';
export type Mode = 'client' | 'host';

export interface AppInfo {
  version: string;
  platform: string;
  host: HostInfo;
  simulated: boolean;
}

export interface RunRow {
  checkId: string;
  startedAt: number;
  finishedAt: number | null;
  finding: Finding | null;
}

export interface RunState {
  mode: Mode;
  target: string | null;
  runId: string | null;
  startedAt: number;
  done: number;
  total: number;
  rows: RunRow[];
  /** True until diagnose:run answers. */
  active: boolean;
  cancelling: boolean;
}

export interface FixDialogState {
  checkId: string;
  fixId: string;
  phase: 'loading' | 'preview' | 'applying' | 'applied' | 'undoing' | 'undone' | 'error';
  fix: FixInfo | null;
  changes: Change[];
  warnings: string[];
  entry: JournalEntry | null;
  finding: Finding | null;
  error: string | null;
  /** From the plan fix:preview returned: apply needs its single-use id; the service decides confirmation. */
  planId: string | null;
  needsConfirmation: boolean;
  /** A security downgrade's default time box (minutes) on the host; null when the fix is not one. */
  revertAfterDefaultMinutes: number | null;
}

export type ScanSortKey = 'target' | 'status' | 'summary' | 'durationMs';

export interface ScanState {
  text: string;
  running: boolean;
  rows: ScanRow[];
  sort: { key: ScanSortKey; dir: 'asc' | 'desc' };
  error: string | null;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** The default time box of a security downgrade (the host reverts it; the dialog offers others). */
export const DOWNGRADE_TIMEBOX_MS = 15 * 60 * 1000;

export interface AppState {
  info: AppInfo | null;
  loadError: string | null;
  scenarios: ScenarioInfo[];
  screen: Screen;
  mode: Mode;
  targetText: string;
  /** The error Remote Desktop Connection showed, as typed ("0x904/0x7"); empty when not given. */
  errorText: string;
  run: RunState | null;
  diagnosis: Diagnosis | null;
  /** Checks being re-run one by one from the checklist. */
  rechecking: string[];
  journal: JournalEntry[];
  journalProblems: string[];
  /** Entries being rolled back right now, so their buttons show it and cannot be pressed twice. */
  rollingBack: string[];
  /** Downgrades applied in this session: the app itself reverts them when their time box ends. */
  ownDowngrades: string[];
  fixDialog: FixDialogState | null;
  scan: ScanState;
  notices: Notice[];
  busy: { export: ReportFormat | 'summary' | null; scenario: boolean; relaunch: boolean };
  redactUser: boolean;

  init(): Promise<void>;
  go(screen: Screen): void;
  setMode(mode: Mode): void;
  setTargetText(text: string): void;
  setErrorText(text: string): void;
  selectScenario(name: string): Promise<void>;
  runDiagnosis(): Promise<void>;
  cancelRun(): Promise<void>;
  recheck(checkId: string): Promise<void>;
  openFix(checkId: string, fixId: string): Promise<void>;
  /** revertAfterMinutes: a downgrade's time box; null keeps it until reverted (the app asks again). */
  applyFix(confirmed: boolean, revertAfterMinutes?: number | null): Promise<void>;
  undoFix(): Promise<void>;
  closeFix(): void;
  refreshJournal(): Promise<void>;
  rollback(entryId: string): Promise<boolean>;
  exportReport(format: ReportFormat): Promise<Result<'report:export'> | null>;
  summary(): Promise<string | null>;
  setRedactUser(value: boolean): void;
  relaunchElevated(): Promise<void>;
  setScanText(text: string): void;
  runScan(): Promise<void>;
  sortScan(key: ScanSortKey): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

export type AppStore = StoreApi<AppState>;

export function targetError(text: string): string | null {
  if (text.trim() === '') return null;
  const parsed = parseTarget(text, 'Target');
  return parsed.ok ? null : parsed.error.replace(/^Target: /, '');
}

function sidesFor(mode: Mode): Side[] {
  return mode === 'client' ? ['client'] : ['host'];
}

function replaceFinding(diagnosis: Diagnosis | null, finding: Finding): Diagnosis | null {
  if (!diagnosis) return diagnosis;
  const known = diagnosis.findings.some((f) => f.id === finding.id);
  return {
    ...diagnosis,
    findings: known ? diagnosis.findings.map((f) => (f.id === finding.id ? finding : f)) : [...diagnosis.findings, finding],
  };
}

let noticeSeq = 0;

export function createAppStore(api: RdpApi, now: () => number = Date.now): AppStore {
  /** Calls a channel; an error envelope becomes a plain-words notice and null. */
  async function call<C extends Channel>(channel: C, args: Args<C>, quiet = false): Promise<Result<C> | null> {
    let envelope;
    try {
      envelope = await api.invoke(channel, args);
    } catch (error) {
      envelope = { ok: false as const, error: { code: 'internal' as const, message: String((error as Error)?.message ?? error) } };
    }
    if (envelope.ok) return envelope.value;
    if (!quiet) store.getState().notify('error', explainError(envelope.error));
    return null;
  }

  async function callOrError<C extends Channel>(channel: C, args: Args<C>): Promise<{ value: Result<C> } | { error: string }> {
    try {
      const envelope = await api.invoke(channel, args);
      return envelope.ok ? { value: envelope.value } : { error: explainError(envelope.error) };
    } catch (error) {
      return { error: explainError({ code: 'internal', message: String((error as Error)?.message ?? error) }) };
    }
  }

  function onProgress(p: Progress): void {
    const run = store.getState().run;
    if (!run) return;
    if (run.runId !== null && run.runId !== p.runId) return;
    const t = now();
    const rows = [...run.rows];
    const i = rows.findIndex((r) => r.checkId === p.checkId);
    if (p.phase === 'started') {
      if (i < 0) rows.push({ checkId: p.checkId, startedAt: t, finishedAt: null, finding: null });
    } else {
      const row: RunRow = {
        checkId: p.checkId,
        startedAt: i >= 0 ? rows[i]!.startedAt : t,
        finishedAt: t,
        finding: p.finding ?? null,
      };
      if (i >= 0) rows[i] = row;
      else rows.push(row);
    }
    store.setState({ run: { ...run, runId: p.runId, rows, done: Math.max(run.done, p.done), total: Math.max(run.total, p.total) } });
  }

  /**
   * A fix re-runs only its own check; the checks of the other causes were measured before it and may be mere
   * consequences of it (no listener because Remote Desktop was off). Re-running them keeps the cause card from
   * offering a cause that is already gone, or hiding one that an undo brought back.
   */
  async function recheckOtherCauses(fixedCheckId: string): Promise<void> {
    const ids = [...new Set(store.getState().diagnosis?.causes.map((c) => c.checkId) ?? [])].filter((id) => id !== fixedCheckId);
    await Promise.all(ids.map((id) => store.getState().recheck(id)));
  }

  const store = createStore<AppState>()((set, get) => ({
    info: null,
    loadError: null,
    scenarios: [],
    screen: 'start',
    mode: 'host',
    targetText: '',
    errorText: '',
    run: null,
    diagnosis: null,
    rechecking: [],
    journal: [],
    journalProblems: [],
    rollingBack: [],
    ownDowngrades: [],
    fixDialog: null,
    scan: { text: '', running: false, rows: [], sort: { key: 'status', dir: 'asc' }, error: null },
    notices: [],
    busy: { export: null, scenario: false, relaunch: false },
    redactUser: false,

    async init() {
      api.on('diagnose:progress', onProgress);
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

    async selectScenario(name) {
      set({ busy: { ...get().busy, scenario: true } });
      const host = await call('scenarios:select', { name });
      set({ busy: { ...get().busy, scenario: false } });
      if (!host) return;
      const info = get().info;
      // A new scenario is a new host: earlier results describe a machine that no longer exists.
      set({ info: info ? { ...info, host } : info, diagnosis: null, run: null, fixDialog: null });
      await get().refreshJournal();
    },

    async runDiagnosis() {
      const { mode, targetText, run: current } = get();
      if (current?.active) return;
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
      const result = await callOrError('diagnose:run', { target, sides: sidesFor(mode), ...(errorText ? { error: errorText } : {}) });
      const run = get().run;
      if ('error' in result) {
        get().notify('error', result.error);
        set({ run: run ? { ...run, active: false, cancelling: false } : run, diagnosis: null });
        if (run && run.rows.length === 0) set({ run: null, screen: 'start' });
        return;
      }
      set({ diagnosis: result.value, run: run ? { ...run, active: false, cancelling: false } : run });
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

    async openFix(checkId, fixId) {
      const fix = get().diagnosis?.findings.find((f) => f.id === checkId)?.fixes.find((x) => x.id === fixId) ?? null;
      set({
        fixDialog: {
          checkId,
          fixId,
          phase: 'loading',
          fix,
          changes: [],
          warnings: [],
          entry: null,
          finding: null,
          error: null,
          planId: null,
          needsConfirmation: true,
          revertAfterDefaultMinutes: null,
        },
      });
      const result = await callOrError('fix:preview', { checkId, fixId, target: get().diagnosis?.target ?? null });
      const dialog = get().fixDialog;
      if (!dialog || dialog.checkId !== checkId || dialog.fixId !== fixId) return;
      if ('error' in result) set({ fixDialog: { ...dialog, phase: 'error', error: result.error } });
      else set({ fixDialog: { ...dialog, phase: 'preview', ...result.value } });
    },

    async applyFix(confirmed, revertAfterMinutes) {
      const dialog = get().fixDialog;
      if (!dialog || dialog.phase !== 'preview' || !dialog.planId) return;
      set({ fixDialog: { ...dialog, phase: 'applying', error: null } });
      const result = await callOrError('fix:apply', {
        checkId: dialog.checkId,
        fixId: dialog.fixId,
        planId: dialog.planId,
        confirmed,
        target: get().diagnosis?.target ?? null,
        // "Until I revert" was confirmed on its own in the dialog before Apply could be pressed.
        ...(revertAfterMinutes !== undefined ? { revertAfterMinutes, confirmedNoRevert: revertAfterMinutes === null } : {}),
      });
      const now2 = get().fixDialog;
      if ('error' in result) {
        // A plan is single-use: a fresh one lets the technician try again after reading the error.
        const fresh = await callOrError('fix:preview', { checkId: dialog.checkId, fixId: dialog.fixId, target: get().diagnosis?.target ?? null });
        const planId = 'error' in fresh ? null : fresh.value.planId;
        if (now2) set({ fixDialog: { ...now2, phase: 'preview', error: result.error, planId } });
        await get().refreshJournal();
        return;
      }
      const { entry, finding } = result.value;
      set({
        fixDialog: now2 ? { ...now2, phase: 'applied', entry, finding } : now2,
        diagnosis: replaceFinding(get().diagnosis, finding),
        ownDowngrades: entry.lowersSecurity ? [...get().ownDowngrades, entry.id] : get().ownDowngrades,
      });
      await Promise.all([get().refreshJournal(), recheckOtherCauses(finding.id)]);
    },

    async undoFix() {
      const dialog = get().fixDialog;
      if (!dialog?.entry || dialog.phase !== 'applied') return;
      set({ fixDialog: { ...dialog, phase: 'undoing', error: null } });
      const ok = await get().rollback(dialog.entry.id);
      const after = get().fixDialog;
      if (!after) return;
      const entry = get().journal.find((e) => e.id === dialog.entry!.id) ?? after.entry;
      const finding = get().diagnosis?.findings.find((f) => f.id === dialog.checkId) ?? after.finding;
      set({ fixDialog: { ...after, phase: ok ? 'undone' : 'applied', entry, finding } });
    },

    closeFix() {
      set({ fixDialog: null });
    },

    async refreshJournal() {
      const result = await call('journal:list', {}, true);
      if (result) set({ journal: [...result.entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), journalProblems: result.problems });
    },

    async rollback(entryId) {
      if (get().rollingBack.includes(entryId)) return false;
      set({ rollingBack: [...get().rollingBack, entryId] });
      const result = await call('journal:rollback', { entryId });
      set({ rollingBack: get().rollingBack.filter((id) => id !== entryId) });
      if (result?.finding) set({ diagnosis: replaceFinding(get().diagnosis, result.finding) });
      await Promise.all([get().refreshJournal(), result?.finding ? recheckOtherCauses(result.finding.id) : null]);
      if (result) get().notify('info', `Undone: ${result.entry.title}.`);
      return !!result;
    },

    async exportReport(format) {
      set({ busy: { ...get().busy, export: format } });
      const result = await call('report:export', { format, redactUser: get().redactUser });
      set({ busy: { ...get().busy, export: null } });
      if (result?.path) get().notify('info', `Report saved to ${result.path}.`);
      return result;
    },

    async summary() {
      set({ busy: { ...get().busy, export: 'summary' } });
      const result = await call('report:summary', { redactUser: get().redactUser });
      set({ busy: { ...get().busy, export: null } });
      return result?.text ?? null;
    },

    setRedactUser(value) {
      set({ redactUser: value });
    },

    async relaunchElevated() {
      set({ busy: { ...get().busy, relaunch: true } });
      const result = await call('app:relaunch-elevated', {});
      set({ busy: { ...get().busy, relaunch: false } });
      if (result) get().notify(result.started ? 'info' : 'error', result.message);
    },

    setScanText(text) {
      set({ scan: { ...get().scan, text } });
    },

    async runScan() {
      const lines = get()
        .scan.text.split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (lines.length === 0) {
        set({ scan: { ...get().scan, error: 'Type at least one PC name or address, one per line.' } });
        return;
      }
      const bad = lines.map((l) => parseTarget(l, l)).find((r) => !r.ok);
      if (bad && !bad.ok) {
        set({ scan: { ...get().scan, error: `${bad.error}. Correct or remove that line.` } });
        return;
      }
      set({ scan: { ...get().scan, running: true, error: null } });
      const result = await callOrError('scan:run', { targets: lines.slice(0, 5000) });
      set({
        scan: {
          ...get().scan,
          running: false,
          rows: 'error' in result ? get().scan.rows : result.value,
          error: 'error' in result ? result.error : null,
        },
      });
    },

    sortScan(key) {
      const sort = get().scan.sort;
      set({ scan: { ...get().scan, sort: { key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' } } });
    },

    notify(kind, text) {
      const id = ++noticeSeq;
      // One copy of a message is enough; repeated failures should not pile up.
      set({ notices: [...get().notices.filter((n) => n.text !== text), { id, kind, text }].slice(-4) });
    },

    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  }));
  return store;
}

/** Entries that lower security and are still in place: they get the banner until reverted. */
export function openDowngrades(journal: readonly JournalEntry[]): JournalEntry[] {
  return journal.filter((e) => e.lowersSecurity && e.state === 'applied');
}

/** When the host's scheduled task reverts a downgrade (ms since epoch), or null: it stays until reverted by hand. */
export function downgradeDeadline(entry: JournalEntry): number | null {
  const t = entry.revertAt ? Date.parse(entry.revertAt) : NaN;
  return Number.isNaN(t) ? null : t;
}

const STATUS_ORDER = { fail: 0, error: 1, warn: 2, skipped: 3, pass: 4 } as const;

export function sortedScanRows(scan: ScanState): ScanRow[] {
  const { key, dir } = scan.sort;
  const sign = dir === 'asc' ? 1 : -1;
  return [...scan.rows].sort((a, b) => {
    let d: number;
    if (key === 'status') d = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    else if (key === 'durationMs') d = a.durationMs - b.durationMs;
    else d = a[key].localeCompare(b[key], undefined, { numeric: true });
    return d * sign || a.target.localeCompare(b.target, undefined, { numeric: true });
  });
}

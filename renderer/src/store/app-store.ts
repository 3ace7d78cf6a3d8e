// The renderer's store: state and actions joined from one file per responsibility. It talks only to an RdpApi,
// so tests drive it with a fake API and no DOM. Components read it through useApp (store/context.tsx).
import { createStore } from 'zustand/vanilla';
import type { RdpApi } from '../../../shared/contract';
import type { JournalEntry } from '../../../shared/model';
import { parseTarget } from '../../../shared/target';
import { actionContext } from './call';
import { fixActions } from './fix-actions';
import { noticeActions } from './notice-actions';
import { reportActions } from './report-actions';
import { runActions } from './run-actions';
import { scanActions } from './scan-actions';
import type { AppInfo, AppState, AppStore } from './types';

export type { AppInfo, AppState, AppStore, FixDialogState, Mode, Notice, RunRow, RunState, ScanSortKey, ScanState, Screen } from './types';
export { sortedScanRows } from './scan-actions';

/** The default time box of a security downgrade (the host reverts it; the dialog offers others). */
export const DOWNGRADE_TIMEBOX_MS = 15 * 60 * 1000;

/** What is wrong with a typed target, in words for the field; null when it is fine (or empty). */
export function targetError(text: string): string | null {
  if (text.trim() === '') return null;
  const parsed = parseTarget(text, 'Target');
  return parsed.ok ? null : parsed.error.replace(/^Target: /, '');
}

export function createAppStore(api: RdpApi, now: () => number = Date.now): AppStore {
  return createStore<AppState>()((set, get) => {
    const ctx = actionContext(api, set, get, now);
    return {
      info: null,
      loadError: null,
      scenarios: [],
      screen: 'start',
      mode: 'host',
      targetText: '',
      errorText: '',
      userText: '',
      run: null,
      diagnosis: null,
      baseline: [],
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
      ...runActions(ctx),
      ...fixActions(ctx),
      ...reportActions(ctx),
      ...scanActions(ctx),
      ...noticeActions(ctx),
    };
  });
}

/**
 * The host is a model, not a Windows PC: this PC's simulated host, or another host reached in simulation (the
 * app runs in simulation, so every host it reaches is simulated): "pc-042" must never read as a real machine.
 */
export function isSimulatedHost(info: AppInfo | null): boolean {
  return !!info && (info.host.kind === 'simulated' || (info.simulated && !!info.host.remote));
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

// The renderer's state and the actions the technician can take, as types. The actions live in one file per
// responsibility (run-actions, fix-actions, report-actions, scan-actions, notice-actions); app-store.ts joins them.
import type { StoreApi } from 'zustand/vanilla';
import type { Result } from '../../../shared/contract';
import type { Change, Diagnosis, Finding, FixInfo, FixParams, HostInfo, JournalEntry, ScenarioInfo } from '../../../shared/model';
import type { ReportFormat } from '../../../shared/report';
import type { ScanRow } from '../../../shared/probe';

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
  /** 'confirm-undo': Undo was pressed and waits for the technician to confirm it. */
  phase: 'loading' | 'preview' | 'applying' | 'applied' | 'confirm-undo' | 'undoing' | 'undone' | 'error';
  fix: FixInfo | null;
  changes: Change[];
  warnings: string[];
  entry: JournalEntry | null;
  finding: Finding | null;
  error: string | null;
  /** From the plan fix:plan returned: apply needs its single-use id; the service decides confirmation. */
  planId: string | null;
  /** What the technician chose for the fix's parameters (the session to log off); the plan is bound to them. */
  params: FixParams;
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

export interface AppState {
  info: AppInfo | null;
  loadError: string | null;
  scenarios: ScenarioInfo[];
  screen: Screen;
  mode: Mode;
  targetText: string;
  /** The error Remote Desktop Connection showed, as typed ("0x904/0x7"); empty when not given. */
  errorText: string;
  /** The account that connects, as typed (CORP\\j.doe); empty when not given. */
  userText: string;
  run: RunState | null;
  diagnosis: Diagnosis | null;
  /**
   * What the first run on this host found (one finding per check), kept across fixes and re-runs so the card
   * and the conclusion can say "found → fixed". Cleared when another host (scenario) is loaded.
   */
  baseline: Finding[];
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

  init: () => Promise<void>;
  go: (screen: Screen) => void;
  setMode: (mode: Mode) => void;
  setTargetText: (text: string) => void;
  setErrorText: (text: string) => void;
  setUserText: (text: string) => void;
  selectScenario: (name: string) => Promise<void>;
  runDiagnosis: () => Promise<void>;
  cancelRun: () => Promise<void>;
  recheck: (checkId: string) => Promise<void>;
  openFix: (checkId: string, fixId: string) => Promise<void>;
  /** A new plan for other parameters (the session picker); Apply waits for it. */
  chooseFixParams: (params: FixParams) => Promise<void>;
  /** revertAfterMinutes: a downgrade's time box; null keeps it until reverted (the app asks again). */
  applyFix: (confirmed: boolean, revertAfterMinutes?: number | null) => Promise<void>;
  /** First call asks (phase 'confirm-undo'); the confirmed call rolls back. */
  undoFix: (confirmed?: boolean) => Promise<void>;
  cancelUndo: () => void;
  closeFix: () => void;
  refreshJournal: () => Promise<void>;
  rollback: (entryId: string) => Promise<boolean>;
  exportReport: (format: ReportFormat) => Promise<Result<'report:export'> | null>;
  summary: () => Promise<string | null>;
  setRedactUser: (value: boolean) => void;
  relaunchElevated: () => Promise<void>;
  setScanText: (text: string) => void;
  runScan: () => Promise<void>;
  sortScan: (key: ScanSortKey) => void;
  notify: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
}

export type AppStore = StoreApi<AppState>;

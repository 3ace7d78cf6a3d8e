// "Scan many PCs": the list, the run, the sort.
import type { ScanRow } from '../../../shared/probe';
import { parseTarget } from '../../../shared/target';
import type { ActionContext } from './call';
import type { AppState, ScanState } from './types';

type ScanActions = Pick<AppState, 'setScanText' | 'runScan' | 'sortScan'>;

export function scanActions({ set, get, callOrError }: ActionContext): ScanActions {
  return {
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
  };
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

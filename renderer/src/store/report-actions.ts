// Export, "Copy summary", hiding the user name, and restarting as administrator.
import type { ActionContext } from './call';
import type { AppState } from './types';

type ReportActions = Pick<AppState, 'exportReport' | 'summary' | 'setRedactUser' | 'relaunchElevated'>;

export function reportActions({ set, get, call }: ActionContext): ReportActions {
  return {
    async exportReport(format) {
      set({ busy: { ...get().busy, export: format } });
      const result = await call('report:export', { format, redactUser: get().redactUser, runId: get().diagnosis?.runId ?? null });
      set({ busy: { ...get().busy, export: null } });
      if (result?.path) get().notify('info', `Report saved to ${result.path}.`);
      return result;
    },

    async summary() {
      set({ busy: { ...get().busy, export: 'summary' } });
      const result = await call('report:summary', { redactUser: get().redactUser, runId: get().diagnosis?.runId ?? null });
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
  };
}

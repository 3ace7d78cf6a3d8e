// The guided fix: preview, apply, the re-check, undo (asked first), and rollback from the history.
import type { ActionContext } from './call';
import { replaceFinding } from './findings';
import type { AppState } from './types';

type FixActions = Pick<
  AppState,
  'openFix' | 'chooseFixParams' | 'applyFix' | 'undoFix' | 'cancelUndo' | 'closeFix' | 'refreshJournal' | 'rollback'
>;

/**
 * A fix re-runs only its own check; the other checks that were not passing were measured before it and may be
 * mere consequences of it (no listener because Remote Desktop was off, event-log errors about a certificate
 * that is now renewed). Re-running them keeps every row, its evidence and the card on the host as it is now.
 */
async function recheckOthers({ get }: ActionContext, changedCheckId: string): Promise<void> {
  // Also the checks that failed at first and pass now: an undo may bring their failure back.
  const failedFirst = new Set(
    get()
      .baseline.filter((f) => f.status !== 'pass')
      .map((f) => f.id),
  );
  const ids = (get().diagnosis?.findings ?? [])
    .filter((f) => f.status !== 'pass' || f.layer === 'events' || failedFirst.has(f.id))
    .map((f) => f.id);
  await Promise.all([...new Set(ids)].filter((id) => id !== changedCheckId).map((id) => get().recheck(id)));
}

export function fixActions(ctx: ActionContext): FixActions {
  const { set, get, call, callOrError } = ctx;
  return {
    async openFix(checkId, fixId) {
      const fix =
        get()
          .diagnosis?.findings.find((f) => f.id === checkId)
          ?.fixes.find((x) => x.id === fixId) ?? null;
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
          params: {},
          needsConfirmation: true,
          revertAfterDefaultMinutes: null,
        },
      });
      const result = await callOrError('fix:plan', { checkId, fixId, target: get().diagnosis?.target ?? null });
      const dialog = get().fixDialog;
      if (!dialog || dialog.checkId !== checkId || dialog.fixId !== fixId) return;
      if ('error' in result) set({ fixDialog: { ...dialog, phase: 'error', error: result.error } });
      else set({ fixDialog: { ...dialog, phase: 'preview', ...result.value } });
    },

    async chooseFixParams(params) {
      const dialog = get().fixDialog;
      // 'error' too: a plan refused for want of a choice (no default session) is answered by choosing.
      if (!dialog || (dialog.phase !== 'preview' && !(dialog.phase === 'error' && dialog.planId === null))) return;
      // The old plan is for the old choice: Apply stays off until the new one is back.
      set({ fixDialog: { ...dialog, params, planId: null, error: null } });
      const { checkId, fixId } = dialog;
      const result = await callOrError('fix:plan', { checkId, fixId, target: get().diagnosis?.target ?? null, params });
      const current = get().fixDialog;
      if (!current || current.checkId !== checkId || current.fixId !== fixId || current.params !== params) return;
      if ('error' in result) set({ fixDialog: { ...current, error: result.error } });
      else set({ fixDialog: { ...current, ...result.value, params, phase: 'preview' } });
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
        ...(Object.keys(dialog.params).length ? { params: dialog.params } : {}),
        // "Until I revert" was confirmed on its own in the dialog before Apply could be pressed.
        ...(revertAfterMinutes !== undefined ? { revertAfterMinutes, confirmedNoRevert: revertAfterMinutes === null } : {}),
      });
      const current = get().fixDialog;
      if ('error' in result) {
        // A plan is single-use: a fresh one lets the technician try again after reading the error.
        const fresh = await callOrError('fix:plan', {
          checkId: dialog.checkId,
          fixId: dialog.fixId,
          target: get().diagnosis?.target ?? null,
          ...(Object.keys(dialog.params).length ? { params: dialog.params } : {}),
        });
        const planId = 'error' in fresh ? null : fresh.value.planId;
        if (current) set({ fixDialog: { ...current, phase: 'preview', error: result.error, planId } });
        await get().refreshJournal();
        return;
      }
      const { entry, finding } = result.value;
      set({
        fixDialog: current ? { ...current, phase: 'applied', entry, finding } : current,
        diagnosis: replaceFinding(get().diagnosis, finding),
        ownDowngrades: entry.lowersSecurity ? [...get().ownDowngrades, entry.id] : get().ownDowngrades,
      });
      await Promise.all([get().refreshJournal(), recheckOthers(ctx, finding.id)]);
    },

    async undoFix(confirmed = false) {
      const dialog = get().fixDialog;
      if (!dialog?.entry) return;
      if (!confirmed) {
        if (dialog.phase === 'applied') set({ fixDialog: { ...dialog, phase: 'confirm-undo' } });
        return;
      }
      if (dialog.phase !== 'confirm-undo') return;
      set({ fixDialog: { ...dialog, phase: 'undoing', error: null } });
      const ok = await get().rollback(dialog.entry.id);
      const after = get().fixDialog;
      if (!after) return;
      const entry = get().journal.find((e) => e.id === dialog.entry!.id) ?? after.entry;
      const finding = get().diagnosis?.findings.find((f) => f.id === dialog.checkId) ?? after.finding;
      set({ fixDialog: { ...after, phase: ok ? 'undone' : 'applied', entry, finding } });
    },

    cancelUndo() {
      const dialog = get().fixDialog;
      if (dialog?.phase === 'confirm-undo') set({ fixDialog: { ...dialog, phase: 'applied' } });
    },

    closeFix() {
      set({ fixDialog: null });
    },

    async refreshJournal() {
      const result = await call('journal:list', {}, true);
      if (result)
        set({ journal: [...result.entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), journalProblems: result.problems });
    },

    async rollback(entryId) {
      if (get().rollingBack.includes(entryId)) return false;
      set({ rollingBack: [...get().rollingBack, entryId] });
      // Every undo asks first; the service takes this word only on a simulated host (the app asks natively).
      const result = await call('journal:rollback', { entryId, confirmed: true });
      set({ rollingBack: get().rollingBack.filter((id) => id !== entryId) });
      if (result?.finding) set({ diagnosis: replaceFinding(get().diagnosis, result.finding) });
      await Promise.all([get().refreshJournal(), result?.finding ? recheckOthers(ctx, result.finding.id) : null]);
      if (result) get().notify('info', `Undone: ${result.entry.title}.`);
      return !!result;
    },
  };
}

import { problemsInFixOrder } from '../../../shared/fix-order';
import type { JournalEntry } from '../../../shared/model';
import type { FixDialogState } from '../store/types';
import { useApp } from '../store/context';
import { downgradeDeadline } from '../store/app-store';
import { Plain } from './Plain';
import { StatusBadge } from './StatusBadge';

const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** One statement about the downgrade: when the host reverts it, or that nothing will. */
function downgradeWords(entry: JournalEntry): string {
  const deadline = downgradeDeadline(entry);
  return deadline === null
    ? 'Security is lowered until someone reverts it: nothing turns it back on automatically.'
    : `Security is lowered; the host reverts it at ${clock(deadline)}, even if RDP Doctor is closed.`;
}

/** After Apply or Undo: the check's new reading, what it means, and the next problem in fix order. */
export function FixResult({ d }: { d: FixDialogState }) {
  const findings = useApp((s) => s.diagnosis?.findings ?? []);
  const journal = useApp((s) => s.journal);
  const phase = d.phase;
  if (!d.finding) return null;
  const undone = phase === 'undone';
  const next = d.finding.status === 'pass' ? problemsInFixOrder(findings, journal).find((p) => p.finding.id !== d.checkId) : undefined;
  return (
    <div className="result" role="status" data-autofocus-result tabIndex={-1}>
      <p className="result-head">{undone ? 'Undone. The check ran again:' : 'Fix applied. The check ran again:'}</p>
      <p className="result-finding">
        <StatusBadge status={d.finding.status} /> <strong>{d.finding.title}</strong>
      </p>
      <p>
        <Plain text={d.finding.verdict} />
      </p>
      {!undone && d.entry && !d.entry.reversible ? (
        <p className="muted">This change cannot be undone. What could be kept (the values before it) is in the history.</p>
      ) : null}
      {!undone && d.entry?.lowersSecurity ? <p className="warn-line">{downgradeWords(d.entry)}</p> : null}
      {phase === 'applied' && next ? (
        <p className="next-step">
          <strong>Next problem to fix:</strong> <Plain text={next.finding.verdict} /> Select Done to deal with it.
        </p>
      ) : null}
    </div>
  );
}

/** Undo asks first: what it restores, and a safe default (keep the fix). */
export function UndoConfirm({ d, onKeep, onUndo }: { d: FixDialogState; onKeep: () => void; onUndo: () => void }) {
  return (
    <div className="undo-confirm" role="group" aria-labelledby="undo-confirm-title">
      <p id="undo-confirm-title" className="result-head">
        Undo “{d.entry?.title}”?
      </p>
      <p>The values saved before the fix are put back, then the check runs again and shows the result here.</p>
      <div className="dialog-actions">
        <button type="button" className="btn" data-autofocus-undo onClick={onKeep}>
          Keep the fix
        </button>
        <button type="button" className="btn btn-danger" onClick={onUndo}>
          Undo now
        </button>
      </div>
    </div>
  );
}

import { useId, useState } from 'react';
import type { JournalEntry, JournalState } from '../../../shared/model';
import { useApp } from '../store/context';
import { entryHostLine, reachLine } from '../../../shared/host-reach';
import { formatTime } from '../lib/words';
import { ChangesTable } from './ChangesTable';
import { Plain } from './Plain';
import { StatusBadge } from './StatusBadge';

const STATE_WORD: Record<JournalState, { icon: string; word: string }> = {
  pending: { icon: '…', word: 'Interrupted before it finished' },
  applied: { icon: '✓', word: 'Applied' },
  failed: { icon: '✕', word: 'Failed' },
  'rolled-back': { icon: '↺', word: 'Undone' },
};

/** After an undo from the history: the check ran again, and this is what it reads now. */
function Recheck({ checkId }: { checkId: string }) {
  const finding = useApp((s) => s.diagnosis?.findings.find((f) => f.id === checkId));
  if (!finding) return <p className="small muted">Undone. Run the checks again to see the result.</p>;
  return (
    <p className="small" role="status">
      Undone. The check ran again: <StatusBadge status={finding.status} /> <Plain text={finding.verdict} />
    </p>
  );
}

/** A downgrade still in place says what will end it, as the banner does: the host's timed revert, or nothing. */
function RevertLine({ entry }: { entry: JournalEntry }) {
  if (!entry.lowersSecurity || entry.state !== 'applied') return null;
  if (entry.revertMissed)
    return <p className="warn-line small">The automatic revert did not run (it was due {formatTime(entry.revertAt)}): undo it now.</p>;
  if (entry.revertAt) return <p className="small">The host reverts it at {formatTime(entry.revertAt)}, even if RDP Doctor is closed.</p>;
  return <p className="warn-line small">No automatic revert: undo it as soon as the test is done.</p>;
}

function EntryRow({ entry }: { entry: JournalEntry }) {
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState(false);
  const [undone, setUndone] = useState(false);
  const rollback = useApp((s) => s.rollback);
  const busy = useApp((s) => s.rollingBack.includes(entry.id));
  const detailsId = useId();
  // A pending entry is one a crash interrupted: its snapshot was written first, so it can be restored too.
  const canUndo = entry.reversible && (entry.state === 'applied' || entry.state === 'pending');
  const state = STATE_WORD[entry.state];
  // The check by its title, as everywhere else on screen; its id stays in the report's details and the JSON.
  const checkTitle = useApp((s) => s.diagnosis?.findings.find((f) => f.id === entry.checkId)?.title ?? null);

  return (
    <li className={`entry entry-${entry.state}`} data-entry-id={entry.id}>
      <div className="entry-main">
        <span className={`entry-state state-${entry.state}`}>
          <span aria-hidden="true">{state.icon} </span>
          {state.word}
        </span>
        <div className="entry-text">
          <h2 className="entry-title">{entry.title}</h2>
          <p className="muted small">
            {formatTime(entry.appliedAt ?? entry.createdAt)}
            {checkTitle ? ` · ${checkTitle}` : ''} · on {entryHostLine(entry.host)}
            {entry.rolledBackAt
              ? entry.rolledBackBy === 'scheduled-task'
                ? ` · undone ${formatTime(entry.rolledBackAt)} by the host's scheduled revert`
                : ` · undone ${formatTime(entry.rolledBackAt)}`
              : ''}
          </p>
          <RevertLine entry={entry} />
          <p className="entry-flags small">
            {entry.state === 'rolled-back'
              ? 'Undone: the values from before the change are back'
              : entry.state === 'failed' && !entry.reversible
                ? 'Failed; cannot be undone'
                : entry.reversible
                  ? 'Can be undone'
                  : 'Cannot be undone'}
            {entry.lowersSecurity ? ' · Lowers security' : ''}
          </p>
          {entry.error ? <p className="field-error">{entry.error}</p> : null}
        </div>
        <div className="entry-actions">
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide changes' : 'Changes'}
          </button>
          {canUndo && !asking ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setAsking(true)}
              disabled={busy}
              aria-label={`Undo: ${entry.title}`}
            >
              {busy ? 'Undoing…' : 'Undo…'}
            </button>
          ) : null}
        </div>
      </div>
      {asking && canUndo ? (
        <div className="undo-confirm" role="group" aria-label={`Undo ${entry.title}?`}>
          <p>Undo “{entry.title}”? The values saved before it are put back, then its check runs again.</p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-small" onClick={() => setAsking(false)} autoFocus>
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={busy}
              onClick={() =>
                void rollback(entry.id).then((ok) => {
                  setAsking(false);
                  setUndone(ok);
                })
              }
            >
              {busy ? 'Undoing…' : 'Undo now'}
            </button>
          </div>
        </div>
      ) : null}
      {undone ? <Recheck checkId={entry.checkId} /> : null}
      <div id={detailsId} hidden={!open} className="entry-details">
        {open ? (
          entry.changes.length ? (
            <ChangesTable changes={entry.changes} caption={`Changes made by ${entry.title}`} captionHidden columns={['Before', 'After']} />
          ) : (
            <p className="muted">No setting values were recorded for this change.</p>
          )
        ) : null}
      </div>
    </li>
  );
}

export function HistoryScreen() {
  const journal = useApp((s) => s.journal);
  const problems = useApp((s) => s.journalProblems);
  const refresh = useApp((s) => s.refreshJournal);
  const host = useApp((s) => s.info?.host);
  return (
    <div className="history">
      <div className="screen-head">
        <h1 className="page-title">History of changes</h1>
        <div className="screen-actions">
          <button type="button" className="btn" onClick={() => void refresh()}>
            Refresh
          </button>
        </div>
      </div>
      <p className="lead">
        Every change RDP Doctor made, including those from earlier sessions. Undo restores the values saved just before the change.
      </p>
      {host ? (
        <p className="history-host">
          Changes on the host: <strong>{reachLine(host)}</strong>
        </p>
      ) : null}
      {problems.length ? (
        <div className="note" role="status">
          <p>Some history records could not be read:</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {journal.length === 0 ? (
        <p className="card empty">No changes yet. Fixes you apply will be listed here, with a way to undo them.</p>
      ) : (
        <ul className="entries" aria-label="Changes, newest first">
          {journal.map((e) => (
            <EntryRow key={e.id} entry={e} />
          ))}
        </ul>
      )}
    </div>
  );
}

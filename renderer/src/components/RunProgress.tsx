import { useApp } from '../store/context';
import { useNow } from '../lib/hooks';
import { formatMs } from '../lib/words';
import { Spinner, StatusBadge } from './StatusBadge';

/** The live view of a run: one fixed-height row per check, so nothing jumps as results stream in. */
export function RunProgress() {
  const run = useApp((s) => s.run);
  const cancel = useApp((s) => s.cancelRun);
  const now = useNow(!!run?.active);
  if (!run) return null;

  const total = Math.max(run.total, run.rows.length);
  const placeholders = Math.max(0, total - run.rows.length);
  const label = total === 0 ? 'Starting checks…' : `${run.done} of ${total} checks done`;

  return (
    <section className="card run" aria-labelledby="run-title">
      <div className="run-head">
        <h2 id="run-title" className="section-title">
          {run.cancelling ? 'Cancelling…' : total > 0 && run.done >= total ? 'Working out the most likely cause…' : 'Checking…'}
        </h2>
        <span className="run-elapsed" aria-hidden="true">
          {formatMs(now - run.startedAt)}
        </span>
        <button type="button" className="btn" onClick={() => void cancel()} disabled={run.cancelling || run.runId === null}>
          Cancel
        </button>
      </div>
      <div className="progress-line">
        <progress className="progress" max={Math.max(total, 1)} value={run.done} aria-labelledby="run-count" />
        <span id="run-count" className="run-count" role="status">
          {label}
        </span>
      </div>
      <ol className="run-rows" aria-label="Checks">
        {run.rows.map((row) => (
          <li key={row.checkId} className="run-row">
            <span className="run-status">{row.finding ? <StatusBadge status={row.finding.status} /> : <Spinner label="Running" />}</span>
            <span className="run-title">{row.finding?.title ?? row.checkId}</span>
            <span className="run-verdict">{row.finding?.verdict ?? ''}</span>
            <span className="run-time">{formatMs((row.finishedAt ?? now) - row.startedAt)}</span>
          </li>
        ))}
        {Array.from({ length: placeholders }, (_, i) => (
          <li key={`wait-${i}`} className="run-row run-row-waiting" aria-hidden="true">
            <span className="run-status muted">Waiting</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

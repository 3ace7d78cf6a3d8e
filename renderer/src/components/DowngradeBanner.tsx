import { useEffect, useRef } from 'react';
import { useApp } from '../store/context';
import { downgradeDeadline, openDowngrades } from '../store/app-store';
import { useNow } from '../lib/hooks';
import { formatCountdown, formatTime } from '../lib/words';

/**
 * A security downgrade stays on screen until it is reverted. The host reverts it at its time (a scheduled task,
 * whether or not this page is open); the page only counts down and reloads the history when the time has come.
 */
const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function DowngradeBanner() {
  const journal = useApp((s) => s.journal);
  const refreshJournal = useApp((s) => s.refreshJournal);
  const rollingBack = useApp((s) => s.rollingBack);
  const rollback = useApp((s) => s.rollback);
  const open = openDowngrades(journal);
  const now = useNow(open.length > 0, 1000);
  const attempted = useRef(new Set<string>());

  useEffect(() => {
    for (const entry of open) {
      const deadline = downgradeDeadline(entry);
      if (deadline !== null && now >= deadline + 1000 && !attempted.current.has(entry.id)) {
        attempted.current.add(entry.id);
        void refreshJournal();
      }
    }
  });

  if (open.length === 0) return null;
  return (
    <div className="banner-stack" role="region" aria-label="Security warnings">
      {open.map((entry) => {
        const deadline = downgradeDeadline(entry);
        const busy = rollingBack.includes(entry.id);
        return (
          <div key={entry.id} className="banner banner-danger">
            <span className="banner-icon" aria-hidden="true">
              !
            </span>
            <p className="banner-text">
              <strong>Security is lowered:</strong> {entry.title}.{' '}
              {entry.revertMissed && deadline !== null ? (
                // The host's task did not run (the PC was off past its end, or it failed): say so, never "reverts at" a past time.
                // With its date: a time of day alone reads as today's, and a missed revert is often days old.
                <span>
                  The automatic revert did not run (it was due{' '}
                  <time dateTime={entry.revertAt ?? undefined}>{formatTime(entry.revertAt)}</time>): revert it now.
                </span>
              ) : deadline !== null ? (
                <span className="countdown">
                  The host reverts it at <time>{clock(deadline)}</time> (in {formatCountdown(Math.max(0, deadline - now))}), even if RDP
                  Doctor is closed.
                </span>
              ) : (
                <span>Applied {formatTime(entry.appliedAt)} with no automatic revert. Revert it as soon as the test is done.</span>
              )}
            </p>
            <button type="button" className="btn btn-danger" onClick={() => void rollback(entry.id)} disabled={busy}>
              {busy ? 'Reverting…' : 'Revert now'}
            </button>
          </div>
        );
      })}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { useApp } from '../store/context';
import { downgradeDeadline, openDowngrades } from '../store/app-store';
import { useNow } from '../lib/hooks';
import { formatCountdown, formatTime } from '../lib/words';

/**
 * A security downgrade stays on screen until it is reverted. Downgrades applied in this session are reverted by
 * the app when their time box ends; older ones (from an earlier run) wait for the technician.
 */
const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function DowngradeBanner() {
  const journal = useApp((s) => s.journal);
  const own = useApp((s) => s.ownDowngrades);
  const rollingBack = useApp((s) => s.rollingBack);
  const rollback = useApp((s) => s.rollback);
  const open = openDowngrades(journal);
  const now = useNow(open.length > 0, 1000);
  const attempted = useRef(new Set<string>());

  useEffect(() => {
    for (const entry of open) {
      if (own.includes(entry.id) && now >= downgradeDeadline(entry) && !attempted.current.has(entry.id)) {
        attempted.current.add(entry.id);
        void rollback(entry.id);
      }
    }
  });

  if (open.length === 0) return null;
  return (
    <div className="banner-stack" role="region" aria-label="Security warnings">
      {open.map((entry) => {
        const left = downgradeDeadline(entry) - now;
        const mine = own.includes(entry.id);
        const busy = rollingBack.includes(entry.id);
        return (
          <div key={entry.id} className="banner banner-danger">
            <span className="banner-icon" aria-hidden="true">
              !
            </span>
            <p className="banner-text">
              <strong>Security is lowered:</strong> {entry.title}.{' '}
              {mine ? (
                <span className="countdown">
                  RDP Doctor reverts it at <time>{clock(downgradeDeadline(entry))}</time> (in {formatCountdown(left)}).
                </span>
              ) : (
                <span>Applied {formatTime(entry.appliedAt)} in an earlier session. Revert it as soon as the test is done.</span>
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

import type { Finding, FixInfo } from '../../../shared/model';
import { useApp } from '../store/context';
import { isElevationReason } from '../lib/words';

export function ElevateButton() {
  const relaunch = useApp((s) => s.relaunchElevated);
  const busy = useApp((s) => s.busy.relaunch);
  return (
    <button type="button" className="btn btn-small" onClick={() => void relaunch()} disabled={busy}>
      {busy ? 'Restarting…' : 'Restart as administrator'}
    </button>
  );
}

/** Why a fix cannot run now, and the way out when it is only a matter of rights. */
export function DisabledReason({ fix }: { fix: FixInfo }) {
  if (!fix.disabledReason) return null;
  return (
    <p className="disabled-reason">
      <span>
        {fix.title} is not available: {fix.disabledReason}
      </span>
      {isElevationReason(fix.disabledReason) ? <ElevateButton /> : null}
    </p>
  );
}

export function FixButtons({ finding, primary = false }: { finding: Finding; primary?: boolean }) {
  const openFix = useApp((s) => s.openFix);
  if (finding.fixes.length === 0 || finding.status === 'pass') return null;
  return (
    <div className="fix-buttons">
      {finding.fixes.map((fix) => (
        <div key={fix.id} className="fix-button">
          <button
            type="button"
            className={primary ? 'btn btn-primary' : 'btn'}
            disabled={!!fix.disabledReason}
            aria-label={`${fix.title} (${finding.title})`}
            onClick={() => void openFix(finding.id, fix.id)}
          >
            {fix.title}
          </button>
          <DisabledReason fix={fix} />
        </div>
      ))}
    </div>
  );
}

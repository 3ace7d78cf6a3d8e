import type { Finding, FixInfo } from '../../../shared/model';
import { useApp } from '../store/context';
import { isElevationReason } from '../lib/words';
import { primaryFix, secondaryFixes, withCheckTitles } from '../lib/fix-choice';

export function ElevateButton() {
  const relaunch = useApp((s) => s.relaunchElevated);
  const busy = useApp((s) => s.busy.relaunch);
  return (
    <button type="button" className="btn btn-small" onClick={() => void relaunch()} disabled={busy}>
      {busy ? 'Restarting…' : 'Restart as administrator'}
    </button>
  );
}

/**
 * Why a fix cannot run now, naming a blocking check by its title; "Restart as administrator" only when the
 * reason is rights and the app really is not elevated.
 */
export function DisabledReason({ fix }: { fix: FixInfo }) {
  const findings = useApp((s) => s.diagnosis?.findings ?? []);
  const elevated = useApp((s) => s.info?.host.elevated ?? false);
  if (!fix.disabledReason) return null;
  const rights = !elevated && isElevationReason(fix.disabledReason);
  return (
    <p className="disabled-reason">
      <span>
        {rights
          ? `${fix.title} needs administrator rights, and RDP Doctor is not running as administrator.`
          : `${fix.title} is not available: ${withCheckTitles(fix.disabledReason, findings)}`}
      </span>
      {rights ? <ElevateButton /> : null}
    </p>
  );
}

/** A finding's fixes: the lasting one first (primary on request), a security downgrade always a plain button. */
export function FixButtons({ finding, primary = false }: { finding: Finding; primary?: boolean }) {
  const openFix = useApp((s) => s.openFix);
  if (finding.fixes.length === 0 || finding.status === 'pass') return null;
  const first = primaryFix(finding);
  const ordered = [...(first ? [first] : []), ...secondaryFixes(finding)];
  return (
    <div className="fix-buttons">
      {ordered.map((fix) => (
        <div key={fix.id} className="fix-button">
          <button
            type="button"
            className={primary && fix === first ? 'btn btn-primary' : fix.lowersSecurity ? 'btn btn-risky' : 'btn'}
            disabled={!!fix.disabledReason}
            aria-label={`${fix.title}${fix.lowersSecurity ? ' (lowers security)' : ''} (${finding.title})`}
            onClick={() => void openFix(finding.id, fix.id)}
          >
            {fix.title}
            {fix.lowersSecurity ? <span className="btn-note"> (lowers security)</span> : null}
          </button>
          <DisabledReason fix={fix} />
        </div>
      ))}
    </div>
  );
}

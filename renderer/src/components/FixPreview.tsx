import { useId } from 'react';
import type { FixInfo } from '../../../shared/model';
import type { FixDialogState } from '../store/types';
import { ChangesTable } from './ChangesTable';
import { DisabledReason } from './FixButtons';
import { confirmWords } from './FixFacts';

/** Before Apply: what will change, the warnings, why it may be unavailable, and the confirmation a risky fix needs. */
export function FixPreview({ d, fix, needsConfirm, confirmed, onConfirm }: {
  d: FixDialogState;
  fix: FixInfo;
  needsConfirm: boolean;
  confirmed: boolean;
  onConfirm(value: boolean): void;
}) {
  const confirmId = useId();
  const phase = d.phase;
  return (
    <>
      {d.changes.length ? (
        <ChangesTable changes={d.changes} caption="What will change" columns={['Now', 'After the fix']} />
      ) : phase === 'preview' ? (
        <p className="muted">This fix changes no stored setting; it acts on the running system.</p>
      ) : null}
      {d.warnings.length ? (
        <ul className="warnings" aria-label="Warnings">
          {d.warnings.map((w, i) => (
            <li key={i}>
              <span aria-hidden="true">! </span>
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <DisabledReason fix={fix} />
      {needsConfirm ? (
        <div className="confirm">
          <input
            id={confirmId}
            type="checkbox"
            checked={confirmed}
            onChange={(e) => onConfirm(e.target.checked)}
            disabled={phase === 'applying'}
          />
          <label htmlFor={confirmId}>{confirmWords(fix)}</label>
        </div>
      ) : null}
    </>
  );
}

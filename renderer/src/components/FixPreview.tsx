import { useId } from 'react';
import type { FixInfo } from '../../../shared/model';
import type { FixDialogState } from '../store/types';
import { ChangesTable } from './ChangesTable';
import { DisabledReason } from './FixButtons';
import { confirmWords } from './FixFacts';
import { RevertChoice } from './RevertChoice';

/** A downgrade's time box as the dialog holds it: minutes, or null for "until I revert" (confirmed on its own). */
interface RevertState {
  value: number | null;
  onChange: (v: number | null) => void;
  keepConfirmed: boolean;
  onKeepConfirmed: (v: boolean) => void;
}

/**
 * Before Apply: what will change, the warnings, why it may be unavailable, the confirmation the plan asks for,
 * and a downgrade's time box (the host reverts it).
 */
export function FixPreview({
  d,
  fix,
  needsConfirm,
  confirmed,
  onConfirm,
  revert,
}: {
  d: FixDialogState;
  fix: FixInfo;
  needsConfirm: boolean;
  confirmed: boolean;
  onConfirm: (value: boolean) => void;
  revert: RevertState;
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
      {d.revertAfterDefaultMinutes !== null ? (
        <RevertChoice
          value={revert.value}
          onChange={revert.onChange}
          defaultMinutes={d.revertAfterDefaultMinutes}
          disabled={phase === 'applying'}
          keepConfirmed={revert.keepConfirmed}
          onKeepConfirmed={revert.onKeepConfirmed}
        />
      ) : null}
    </>
  );
}

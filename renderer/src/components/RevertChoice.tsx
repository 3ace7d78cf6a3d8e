import { useId } from 'react';

const CHOICES = [5, 15, 30, 60, 240];

/** How long a security downgrade may stay: the host reverts it then, even if this app is closed. */
export function RevertChoice(props: {
  value: number | null;
  onChange: (v: number | null) => void;
  defaultMinutes: number;
  disabled: boolean;
  keepConfirmed: boolean;
  onKeepConfirmed: (v: boolean) => void;
}) {
  const id = useId();
  const keepId = useId();
  const minutes = [...new Set([...CHOICES, props.defaultMinutes])].sort((a, b) => a - b);
  return (
    <div className="revert-choice">
      <label htmlFor={id}>Turn it back on automatically after</label>{' '}
      <select
        id={id}
        value={props.value === null ? 'never' : String(props.value)}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value === 'never' ? null : Number(e.target.value))}
      >
        {minutes.map((m) => (
          <option key={m} value={m}>
            {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`}
            {m === props.defaultMinutes ? ' (default)' : ''}
          </option>
        ))}
        <option value="never">until I revert it (asks again)</option>
      </select>
      {props.value === null ? (
        <div className="confirm">
          <input
            id={keepId}
            type="checkbox"
            checked={props.keepConfirmed}
            disabled={props.disabled}
            onChange={(e) => props.onKeepConfirmed(e.target.checked)}
          />
          <label htmlFor={keepId}>
            I understand nothing will turn it back on: it stays until someone reverts it, even if RDP Doctor is closed.
          </label>
        </div>
      ) : (
        <p className="muted">The host itself reverts it on time (a one-time scheduled task), even if RDP Doctor is closed.</p>
      )}
    </div>
  );
}

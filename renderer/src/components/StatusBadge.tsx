import type { Status } from '../../../shared/model';
import { STATUS_ICON, STATUS_WORD } from '../lib/words';

/** Status by icon and word, never by colour alone. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`badge badge-${status}`}>
      <span className="badge-icon" aria-hidden="true">
        {STATUS_ICON[status]}
      </span>
      {STATUS_WORD[status]}
    </span>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      {label ? <span>{label}</span> : null}
    </span>
  );
}

import type { EvidenceItem, Json } from '../../../shared/model';
import { formatValue } from '../lib/words';

/** Several values (a list, or a record such as sent/received bytes) read best one per line; the rest as one line. */
function Value({ value }: { value: Json }) {
  if (Array.isArray(value) && value.length > 1) {
    return (
      <ul className="evidence-values">
        {value.map((v, i) => (
          <li key={i}>
            <code>{formatValue(v)}</code>
          </li>
        ))}
      </ul>
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 1) {
    return (
      <ul className="evidence-values evidence-record">
        {Object.entries(value).map(([k, v]) => (
          <li key={k}>
            {k}: <code>{formatValue(v)}</code>
          </li>
        ))}
      </ul>
    );
  }
  return <code>{formatValue(value)}</code>;
}

export function EvidenceList({ items }: { items: EvidenceItem[] }) {
  if (items.length === 0) return <p className="muted">This check recorded no values.</p>;
  return (
    <dl className="evidence">
      {items.map((item, i) => (
        <div className="evidence-item" key={`${item.label}-${i}`}>
          <dt>{item.label}</dt>
          <dd>
            <Value value={item.value} />
            {item.source ? <span className="evidence-source">from {item.source}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

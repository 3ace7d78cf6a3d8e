import type { EvidenceItem } from '../../../shared/model';
import { formatValue } from '../lib/words';

export function EvidenceList({ items }: { items: EvidenceItem[] }) {
  if (items.length === 0) return <p className="muted">This check recorded no values.</p>;
  return (
    <dl className="evidence">
      {items.map((item, i) => (
        <div className="evidence-item" key={`${item.label}-${i}`}>
          <dt>{item.label}</dt>
          <dd>
            <code>{formatValue(item.value)}</code>
            {item.source ? <span className="evidence-source">from {item.source}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

// Values as a technician reads them in a verdict or a cause's evidence: dates in UTC words, lists joined,
// no JSON punctuation.
export function plainDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(plainValue).join('; ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} ${plainValue(v)}`)
    .join(', ');
}

// "Redact user name" must hide the name everywhere it shows, not only in the header: evidence values such as
// a profile path or a UsernameHint carry it too. Names that are also ordinary words of Windows paths and
// namespaces (SYSTEM in HKLM\SYSTEM, root in root\SecurityCenter2) identify nobody and are left alone, or
// redaction would garble the evidence.
export const REDACTED = '[redacted]';

const NOT_PERSONAL = new Set([
  'system',
  'root',
  'admin',
  'administrator',
  'administrators',
  'user',
  'users',
  'guest',
  'everyone',
  'local service',
  'network service',
  'localservice',
  'networkservice',
  'trustedinstaller',
  'default',
  'public',
  'unknown',
  'nobody',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms of an account name worth hiding: "DOMAIN\user", "user@domain" and the bare "user". */
export function namesToRedact(accounts: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const account of accounts) {
    const full = account?.trim();
    if (!full) continue;
    const bare = full.split('\\').pop()!.split('@')[0]!;
    for (const name of [full, bare]) {
      if (name.length >= 2 && !NOT_PERSONAL.has(name.toLowerCase())) out.add(name);
    }
  }
  // Longest first, so "CONTOSO\alice" is replaced whole before "alice" alone.
  return [...out].sort((a, b) => b.length - a.length);
}

export function makeRedactor(names: string[]): (text: string) => string {
  if (names.length === 0) return (text) => text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.-])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
  return (text) => text.replace(pattern, REDACTED);
}

/** Applies `redact` to every string inside a JSON-like value, keys included. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k)] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

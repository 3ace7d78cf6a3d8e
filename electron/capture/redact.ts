// --redact: user, computer and domain names replaced consistently (the same name is always the same
// placeholder), so a bundle can be shared and still shows which values were equal.
import type { HostInfo } from '../../shared/model';
import type { Bundle } from './bundle';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** name -> placeholder, longest names first so "CORP\\alice" is replaced whole before "alice". */
function placeholders(info: Pick<HostInfo, 'computerName' | 'user'>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string | undefined, kind: string) => {
    const n = name?.trim();
    if (!n || n.length < 2 || out.has(n.toLowerCase())) return;
    const count = [...out.values()].filter((v) => v.startsWith(kind)).length;
    out.set(n.toLowerCase(), `${kind}-${count + 1}`);
  };
  const [domain, user] = info.user.includes('\\') ? info.user.split('\\', 2) : [undefined, info.user];
  add(info.user, 'ACCOUNT');
  add(info.computerName, 'COMPUTER');
  add(user, 'USER');
  // A local account's "domain" is the computer name: the same placeholder.
  if (domain && domain.toLowerCase() !== info.computerName.toLowerCase()) add(domain, 'DOMAIN');
  return new Map([...out.entries()].sort((a, b) => b[0].length - a[0].length));
}

function redactText(text: string, names: Map<string, string>): string {
  if (names.size === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${[...names.keys()].map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
  return text.replace(pattern, (m) => names.get(m.toLowerCase()) ?? m);
}

function deep(value: unknown, names: Map<string, string>): unknown {
  if (typeof value === 'string') return redactText(value, names);
  if (Array.isArray(value)) return value.map((v) => deep(v, names));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, names), deep(v, names)]));
  return value;
}

export function redactBundle(bundle: Bundle, info: Pick<HostInfo, 'computerName' | 'user'>): Bundle {
  const names = placeholders(info);
  return {
    ...bundle,
    provenance: { ...bundle.provenance, redacted: true },
    runs: bundle.runs.map((r) => ({
      ...r,
      input: deep(r.input, names),
      raw: deep(r.raw, names),
      error: r.error ? { type: r.error.type, message: redactText(r.error.message, names) } : null,
    })),
  };
}

// Plain words for everything the technician reads: statuses, layers, errors, evidence values.
import type { RpcError } from '../../../shared/contract';
import type { Finding, Json, Layer, Status } from '../../../shared/model';

export const STATUS_WORD: Record<Status, string> = {
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skipped: 'Skipped',
  error: 'Could not check',
};

/** Icons are text so they follow the theme and never need an image; the word always stands beside them. */
export const STATUS_ICON: Record<Status, string> = {
  pass: '✓',
  warn: '!',
  fail: '✕',
  skipped: '–',
  error: '?',
};

/** Failures first, then what needs a look, then the rest. */
export const STATUS_RANK: Record<Status, number> = { fail: 0, error: 1, warn: 2, skipped: 3, pass: 4 };

/** Kept in step with shared/model LAYERS; a missing key would fail the type check. */
export const LAYER_WORDS: Record<Layer, { title: string; hint: string }> = {
  network: { title: 'Network', hint: 'Can this PC reach the other one: name lookup, TCP port, packet loss.' },
  negotiation: {
    title: 'Connection negotiation',
    hint: 'The first bytes of Remote Desktop: which security (TLS, NLA) both sides agree on.',
  },
  certificate: {
    title: 'Certificate',
    hint: 'The certificate the host shows to prove who it is and to encrypt the connection.',
  },
  'host-configuration': {
    title: 'Host configuration',
    hint: 'Settings on the host: whether Remote Desktop is on, the port, the firewall, the security layer.',
  },
  services: { title: 'Services', hint: 'The Windows services that answer Remote Desktop connections.' },
  policy: { title: 'Policy', hint: 'Group Policy settings that override local settings.' },
  events: { title: 'Event log', hint: 'Recent errors Windows logged about Remote Desktop.' },
  'client-leftovers': {
    title: 'Client leftovers',
    hint: 'Saved passwords and remembered certificates on this PC that may be out of date.',
  },
  information: { title: 'Information', hint: 'Facts about the machines, for the report.' },
};

/** Failures first; among equals, the check of a likelier cause first (causeOrder: check ids, likeliest first). */
export function sortFindings(findings: readonly Finding[], causeOrder: readonly string[] = []): Finding[] {
  const rank = (f: Finding) => {
    const i = causeOrder.indexOf(f.id);
    return i < 0 ? causeOrder.length : i;
  };
  return [...findings].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || rank(a) - rank(b) || a.title.localeCompare(b.title));
}

/** Groups by layer in LAYERS order; groups with a failure come first, and failures first inside a group. */
export function groupByLayer(
  findings: readonly Finding[],
  layers: readonly Layer[],
  causeOrder: readonly string[] = [],
): { layer: Layer; findings: Finding[] }[] {
  const groups = layers
    .map((layer) => ({
      layer,
      findings: sortFindings(
        findings.filter((f) => f.layer === layer),
        causeOrder,
      ),
    }))
    .filter((g) => g.findings.length > 0);
  const worst = (g: { findings: Finding[] }) => Math.min(...g.findings.map((f) => STATUS_RANK[f.status]));
  return groups
    .map((g, index) => ({ g, index }))
    .sort((a, b) => worst(a.g) - worst(b.g) || a.index - b.index)
    .map(({ g }) => g);
}

/**
 * A list the technician typed, refused on one of its lines: the service names the field as the CLI does ("text
 * line 4", "run rdp-doctor scenarios"); on screen it is the line of the box and the Scenario list beside the host card.
 */
export function typedListError(message: string): string {
  return message
    .replace(/^(?:text|FILE) line (\d+): /, 'Line $1: ')
    .replace(/; run "rdp-doctor scenarios" to list them/, '; the scenarios are listed under Diagnose, in the host card’s Scenario list');
}

/** What the envelope's error means, and what to do next. */
export function explainError(error: RpcError): string {
  const message = error.message.trim().replace(/\.?$/, '.');
  switch (error.code) {
    case 'bad-input':
      return `RDP Doctor did not accept that input: ${message} Correct it and try again.`;
    case 'forbidden':
      return `Not allowed: ${message}`;
    case 'not-found':
      return `Not found: ${message} Refresh the history and try again.`;
    case 'conflict':
      return `${message} Wait for the current action to finish, then try again.`;
    case 'cancelled':
      return 'Cancelled. Nothing more was checked or changed.';
    // Not a fault inside RDP Doctor, and nothing can be exported without the server: the message says what to do.
    case 'unavailable':
      return message;
    case 'internal':
    default:
      return `Something went wrong inside RDP Doctor: ${message} Try again; if it keeps happening, export the JSON report and attach it to the ticket.`;
  }
}

export function formatValue(value: Json): string {
  if (value === null) return '(not set)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  // Lists and records read as text, not as JSON with its brackets and quotes.
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(formatValue).join(', ');
  const entries = Object.entries(value);
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join('; ');
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A disabled fix whose reason is about rights can be unlocked by restarting elevated. */
export function isElevationReason(reason: string | undefined): boolean {
  return !!reason && /admin|elevat|rights|privilege/i.test(reason);
}

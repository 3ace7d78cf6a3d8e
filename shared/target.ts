// Parsing of "host", "host:port", "[v6]:port" as typed in the target field, the CLI and the scan file.
// Pure and shared, so the renderer validates as the user types with the same rules the engine applies.

export interface Target {
  host: string;
  port: number;
}

export const DEFAULT_RDP_PORT = 3389;

const HOSTNAME_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** RFC 4291 text form: eight hex groups, one "::" for a run of zeros, an IPv4 tail allowed. */
function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 45 || (text.match(/::/g) ?? []).length > 1) return false;
  let body = text;
  let extra = 0;
  const v4 = /^(.*:)((?:\d{1,3}\.){3}\d{1,3})$/.exec(body);
  if (v4) {
    if (!IPV4.test(v4[2]!)) return false;
    body = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
    extra = 2;
  }
  const group = /^[0-9A-Fa-f]{1,4}$/;
  if (body.includes('::')) {
    const [head, tail] = body.split('::') as [string, string];
    const groups = [...(head ? head.split(':') : []), ...(tail ? tail.split(':') : [])];
    return groups.every((g) => group.test(g)) && groups.length + extra <= 7;
  }
  const groups = body.split(':');
  return groups.every((g) => group.test(g)) && groups.length + extra === 8;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; error: string };

function portError(field: string, raw: string): string {
  return `${field}: port "${raw}" is not a number from 1 to 65535`;
}

/** Validates a target. `field` names the input in the error message. */
export function parseTarget(input: unknown, field = 'target'): TargetResult {
  if (typeof input !== 'string') return { ok: false, error: `${field}: expected a host name or IP address, optionally with :port` };
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: `${field}: is empty; expected a host name or IP address, optionally with :port` };
  if (text.length > 260)
    return { ok: false, error: `${field}: is longer than 260 characters; expected a host name or IP address, optionally with :port` };
  // A URL pasted from a browser or a ticket ("http://pc-042/"): the scheme is not a host and "//x" is not a port.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(rdp|ms-rd|mstsc):/i.test(text)) {
    return {
      ok: false,
      error: `${field}: "${text.slice(0, 80)}" is a web address; enter a computer name or address, not a web address (for example pc-042 or 10.0.0.5:3389)`,
    };
  }
  let host = text;
  let portText: string | null = null;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2] ?? null;
    if (!isIPv6(host)) return { ok: false, error: `${field}: "[${host}]" is not an IPv6 address` };
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const i = text.lastIndexOf(':');
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  } else if (text.includes(':')) {
    if (!isIPv6(text)) return { ok: false, error: `${field}: "${text}" is not a host name, IPv4 or IPv6 address` };
    return { ok: true, target: { host: text, port: DEFAULT_RDP_PORT } };
  }
  let port = DEFAULT_RDP_PORT;
  if (portText !== null) {
    if (!/^\d{1,5}$/.test(portText)) return { ok: false, error: portError(field, portText) };
    port = Number(portText);
    if (port < 1 || port > 65535) return { ok: false, error: portError(field, portText) };
  }
  if (bracketed) return { ok: true, target: { host, port } };
  if (IPV4.test(host)) return { ok: true, target: { host, port } };
  if (/^[\d.]+$/.test(host)) return { ok: false, error: `${field}: "${host}" is not a valid IPv4 address` };
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length > 253 || !name.split('.').every((label) => HOSTNAME_LABEL.test(label))) {
    return {
      ok: false,
      error: `${field}: "${host}" is not a valid host name (letters, digits, hyphens and dots; each part 1 to 63 characters)`,
    };
  }
  return { ok: true, target: { host: name, port } };
}

export function formatTarget(t: Target): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return t.port === DEFAULT_RDP_PORT ? host : `${host}:${t.port}`;
}

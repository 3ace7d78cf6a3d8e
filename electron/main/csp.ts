// The renderer's Content-Security-Policy. No inline script, no eval, no plugins, no frames, no foreign
// origins: a string from a host (a certificate subject, an event message) that ends up as markup cannot run.
// Pure on purpose: the web bridge serves the same policy as a header, and renderer/index.html carries it
// as a <meta> (file:// responses have no headers, so the meta is what holds in the packaged app).
import type { Session } from 'electron';

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // 'self' also admits ws: to the same host, which the browser-mode bridge uses; Electron uses IPC only.
  'connect-src': ["'self'"],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'worker-src': ["'none'"],
  'manifest-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  // Only honoured in a header; browsers ignore it (with a warning) in a <meta>.
  'frame-ancestors': ["'none'"],
};

const META_IGNORED = new Set(['frame-ancestors']);

/** The policy as sent in a Content-Security-Policy header. */
export function cspHeaderValue(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The policy as written in renderer/index.html's <meta http-equiv="Content-Security-Policy">. */
export function cspMetaContent(): string {
  return Object.entries(CSP_DIRECTIVES)
    .filter(([name]) => !META_IGNORED.has(name))
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    // The first occurrence of a directive wins (CSP3 §2.2.1).
    if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), values);
  }
  return out;
}

/** Replaces whatever CSP a response carries with ours; other headers are kept. */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [cspHeaderValue()];
  return out;
}

export function installCspHeader(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}

// A minimal DER reader for the few certificate fields Node's X509Certificate does not expose (exact validity,
// key usage bits, extended key usage). Bounded: every length is checked against the bytes that hold it, lists are
// capped and nothing recurses, so a hostile certificate is an error, never a hang. Replaces node-forge's ASN.1 reader in the
// probe path, which cost 15-30 ms of module loading on every `rdp-doctor probe` (ITU-T X.690 for the encoding,
// RFC 5280 for the fields).

export interface Der {
  /** The identifier octet: class, constructed bit and tag number (low tag numbers only, as X.509 uses). */
  tag: number;
  /** The content octets. */
  body: Buffer;
}

export const TAG = {
  BOOLEAN: 0x01,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  /** [0] and [3], constructed, context-specific: the TBSCertificate's version and extensions. */
  CONTEXT_0: 0xa0,
  CONTEXT_3: 0xa3,
} as const;

/** One element at `offset`; throws on a truncated or over-long length. */
function readOne(buf: Buffer, offset: number): { el: Der; next: number } {
  if (offset + 2 > buf.length) throw new Error('DER: truncated element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not used in these fields');
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || pos + n > buf.length) throw new Error('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i]!;
    pos += n;
  }
  if (pos + len > buf.length) throw new Error('DER: length beyond the data');
  return { el: { tag, body: buf.subarray(pos, pos + len) }, next: pos + len };
}

export function parseDer(buf: Buffer): Der {
  return readOne(buf, 0).el;
}

/** The elements inside a constructed element (at most 4096, so a crafted list stays bounded). */
export function childrenOf(el: Der | undefined): Der[] {
  if (!el || (el.tag & 0x20) === 0) return [];
  const out: Der[] = [];
  for (let pos = 0; pos < el.body.length && out.length < 4096;) {
    const { el: child, next } = readOne(el.body, pos);
    out.push(child);
    pos = next;
  }
  return out;
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oidOf(el: Der): string {
  const b = el.body;
  if (el.tag !== TAG.OID || b.length === 0 || b.length > 64) throw new Error('DER: not an object identifier');
  const parts: number[] = [];
  let value = 0;
  for (const byte of b) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** UTCTime (YYMMDDHHMMSSZ; years 50-99 are 19xx, RFC 5280 4.1.2.5.1) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z). */
export function timeOf(el: Der | undefined): Date | null {
  if (!el) return null;
  const s = el.body.toString('latin1');
  const m =
    el.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : el.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s)
        : null;
  if (!m) return null;
  let year = Number(m[1]);
  if (el.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

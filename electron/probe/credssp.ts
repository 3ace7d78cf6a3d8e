// CredSSP's TSRequest ([MS-CSSP] 2.2.1) in DER, only as far as the identity probe needs: one request that
// carries an NTLM NEGOTIATE in negoTokens, and a bounded reader of the server's answer (negoTokens or
// errorCode). Lengths come from the peer and are checked before use; nothing is read past the message.

/** A TSRequest with a CHALLENGE is a few hundred bytes; anything larger is refused, not buffered. */
export const MAX_TSREQUEST_BYTES = 16384;
/** The TSRequest version the probe announces (what current Windows clients send). */
const TSREQUEST_VERSION = 6;

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}

/** TSRequest { version [0] INTEGER, negoTokens [1] SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING } }. */
export function encodeTsRequest(token: Buffer): Buffer {
  const version = tlv(0xa0, tlv(0x02, Buffer.from([TSREQUEST_VERSION])));
  const negoTokens = tlv(0xa1, tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0x04, token)))));
  return tlv(0x30, Buffer.concat([version, negoTokens]));
}

interface Tlv {
  tag: number;
  value: Buffer;
  /** Bytes the element takes, header included. */
  size: number;
}

type TlvRead = { ok: true; tlv: Tlv } | { ok: false; incomplete: boolean; error: string };

/** One DER element at the start of `b`. incomplete: more bytes could still make it whole. */
export function readTlv(b: Buffer): TlvRead {
  if (b.length < 2) return { ok: false, incomplete: true, error: 'The element is cut short before its length' };
  const first = b[1]!;
  let len = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) return { ok: false, incomplete: false, error: `A DER length of ${count} bytes is not allowed here` };
    if (b.length < 2 + count) return { ok: false, incomplete: true, error: 'The element is cut short inside its length' };
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + b[2 + i]!;
    header = 2 + count;
  }
  if (len > MAX_TSREQUEST_BYTES)
    return { ok: false, incomplete: false, error: `An element claims ${len} bytes, more than a TSRequest can hold` };
  if (b.length < header + len)
    return { ok: false, incomplete: true, error: `The element claims ${len} bytes but only ${b.length - header} arrived` };
  return { ok: true, tlv: { tag: b[0]!, value: b.subarray(header, header + len), size: header + len } };
}

/** The elements of a constructed value, in order; an error when one does not fit inside it. */
function children(value: Buffer): { ok: true; items: Tlv[] } | { ok: false; error: string } {
  const items: Tlv[] = [];
  let at = 0;
  while (at < value.length && items.length < 16) {
    const r = readTlv(value.subarray(at));
    if (!r.ok) return { ok: false, error: r.error };
    items.push(r.tlv);
    at += r.tlv.size;
  }
  return { ok: true, items };
}

/** A DER INTEGER of up to 32 bits; a positive one with its top bit set carries a leading zero byte. */
function integer(value: Buffer): number | null {
  if (value.length === 5 && value[0] === 0) return value.readUInt32BE(1);
  if (value.length === 0 || value.length > 4) return null;
  return value.readIntBE(0, value.length);
}

interface TsResponse {
  version: number | null;
  /** The first negoToken (the NTLM CHALLENGE), null when the server sent none. */
  token: Buffer | null;
  /** errorCode [4], an NTSTATUS/HRESULT the server reports instead of a token. */
  errorCode: number | null;
}

type TsDecode = { ok: true; response: TsResponse } | { ok: false; code: string; error: string };

export function decodeTsRequest(message: Buffer): TsDecode {
  const outer = readTlv(message);
  if (!outer.ok) return { ok: false, code: outer.incomplete ? 'credssp-truncated' : 'credssp-bad-der', error: outer.error };
  if (outer.tlv.tag !== 0x30)
    return {
      ok: false,
      code: 'credssp-not-tsrequest',
      error: `The answer starts with tag 0x${outer.tlv.tag.toString(16)}, not a TSRequest SEQUENCE`,
    };
  const fields = children(outer.tlv.value);
  if (!fields.ok) return { ok: false, code: 'credssp-bad-der', error: fields.error };
  const response: TsResponse = { version: null, token: null, errorCode: null };
  for (const f of fields.items) {
    const inner = readTlv(f.value);
    if (!inner.ok) return { ok: false, code: 'credssp-bad-der', error: inner.error };
    if (f.tag === 0xa0 && inner.tlv.tag === 0x02) response.version = integer(inner.tlv.value);
    else if (f.tag === 0xa4 && inner.tlv.tag === 0x02) response.errorCode = integer(inner.tlv.value);
    else if (f.tag === 0xa1) response.token = firstNegoToken(inner.tlv);
  }
  return { ok: true, response };
}

/** NegoData: SEQUENCE OF SEQUENCE { [0] OCTET STRING }: the first token, or null when the shape differs. */
function firstNegoToken(seqOf: Tlv): Buffer | null {
  if (seqOf.tag !== 0x30) return null;
  const first = readTlv(seqOf.value);
  if (!first.ok || first.tlv.tag !== 0x30) return null;
  const tagged = readTlv(first.tlv.value);
  if (!tagged.ok || tagged.tlv.tag !== 0xa0) return null;
  const octets = readTlv(tagged.tlv.value);
  return octets.ok && octets.tlv.tag === 0x04 ? octets.tlv.value : null;
}

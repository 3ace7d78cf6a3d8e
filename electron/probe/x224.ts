// X.224 Connection Request / Connection Confirm with RDP negotiation data (MS-RDPBCGR 2.2.1.1, 2.2.1.2).
// Pure functions over bytes: the parser is fed hostile input by the fuzz test and must never throw.
import type { NegotiationRequestName } from '../../shared/probe';

export const PROTOCOL = { RDP: 0, SSL: 1, HYBRID: 2, RDSTLS: 4, HYBRID_EX: 8, RDSAAD: 0x10 } as const;

export const REQUESTS: ReadonlyArray<{ name: NegotiationRequestName; protocols: number | null }> = [
  { name: 'rdp', protocols: PROTOCOL.RDP },
  { name: 'ssl', protocols: PROTOCOL.SSL },
  { name: 'hybrid', protocols: PROTOCOL.SSL | PROTOCOL.HYBRID },
  { name: 'hybrid-ex', protocols: PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX },
  { name: 'legacy', protocols: null },
];

export const FAILURE_NAMES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

const RESPONSE_FLAGS: ReadonlyArray<[number, string]> = [
  [0x01, 'EXTENDED_CLIENT_DATA_SUPPORTED'],
  [0x02, 'DYNVC_GFX_PROTOCOL_SUPPORTED'],
  [0x04, 'NEGRSP_FLAG_RESERVED'],
  [0x08, 'RESTRICTED_ADMIN_MODE_SUPPORTED'],
  [0x10, 'REDIRECTED_AUTHENTICATION_MODE_SUPPORTED'],
];

const PROTOCOL_BITS: ReadonlyArray<[number, string]> = [
  [PROTOCOL.SSL, 'SSL'],
  [PROTOCOL.HYBRID, 'HYBRID'],
  [PROTOCOL.RDSTLS, 'RDSTLS'],
  [PROTOCOL.HYBRID_EX, 'HYBRID_EX'],
  [PROTOCOL.RDSAAD, 'RDSAAD'],
];

/** Names of the bits in a requestedProtocols value; 0 is standard RDP security. */
export function protocolNames(value: number): string[] {
  if (value === 0) return ['RDP'];
  const names = PROTOCOL_BITS.filter(([bit]) => (value & bit) !== 0).map(([, n]) => n);
  const known = PROTOCOL_BITS.reduce((acc, [bit]) => acc | bit, 0);
  const unknown = value & ~known;
  if (unknown !== 0) names.push(`0x${(unknown >>> 0).toString(16)}`);
  return names;
}

/** The single protocol a server selected, as the spec names it. */
export function selectedName(value: number): string {
  const exact = PROTOCOL_BITS.find(([bit]) => bit === value);
  if (value === 0) return 'RDP';
  return exact ? exact[1] : `unknown (0x${(value >>> 0).toString(16)})`;
}

export function flagNames(flags: number): string[] {
  return RESPONSE_FLAGS.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
}

/** TPKT + X.224 CR, with RDP_NEG_REQ unless `protocols` is null (what a pre-RDP 5.2 client sends). */
export function buildConnectionRequest(protocols: number | null): Buffer {
  const negotiation = protocols === null ? Buffer.alloc(0) : Buffer.alloc(8);
  if (protocols !== null) {
    negotiation.writeUInt8(0x01, 0);
    negotiation.writeUInt8(0x00, 1);
    negotiation.writeUInt16LE(8, 2);
    negotiation.writeUInt32LE(protocols >>> 0, 4);
  }
  const x224 = Buffer.from([6 + negotiation.length, 0xe0, 0, 0, 0, 0, 0]);
  const length = 4 + x224.length + negotiation.length;
  const tpkt = Buffer.from([0x03, 0x00, length >> 8, length & 0xff]);
  return Buffer.concat([tpkt, x224, negotiation]);
}

export const TPKT_MIN = 7;
/** A Connection Confirm is 11 or 19 bytes; anything much longer is not one. */
export const TPKT_MAX_CONFIRM = 1024;

export type FrameResult =
  | { kind: 'frame'; frame: Buffer; rest: Buffer }
  | { kind: 'need'; have: number; want: number | null }
  | { kind: 'error'; code: string; message: string };

/** Recognises what a non-RDP service answered, for a finding better than "bad TPKT version". */
export function identifyForeign(data: Buffer): { code: string; message: string } | null {
  const head = data.subarray(0, 8).toString('latin1');
  if (/^HTTP\/\d/.test(head) || /^<(!DOC|html)/i.test(head)) {
    return { code: 'http', message: 'The server answered in HTTP, not RDP: a web server or proxy is listening on this port' };
  }
  if (head.startsWith('SSH-'))
    return { code: 'ssh', message: 'The server answered with an SSH banner, not RDP: an SSH server is listening on this port' };
  if (data.length >= 3 && data[0] === 0x15 && data[1] === 0x03) {
    return {
      code: 'tls-alert',
      message: 'The server answered with a TLS alert before any RDP negotiation: a TLS-only service (not RDP) is listening on this port',
    };
  }
  if (data.length >= 3 && data[0] === 0x16 && data[1] === 0x03) {
    return {
      code: 'tls',
      message: 'The server answered with TLS before any RDP negotiation: a TLS service (not RDP) is listening on this port',
    };
  }
  if (head.startsWith('RFB '))
    return { code: 'vnc', message: 'The server answered with a VNC banner, not RDP: a VNC server is listening on this port' };
  return null;
}

/** Takes one whole TPKT frame off the front of `data`, or says how much more is needed, or why it cannot. */
export function extractTpkt(data: Buffer, maxLength = TPKT_MAX_CONFIRM): FrameResult {
  if (data.length === 0) return { kind: 'need', have: 0, want: null };
  if (data[0] !== 0x03) {
    const foreign = identifyForeign(data);
    if (foreign) return { kind: 'error', ...foreign };
    if (data.length < 4) return { kind: 'need', have: data.length, want: null };
    return {
      kind: 'error',
      code: 'not-tpkt',
      message: `The reply is not RDP: it starts with ${hex(data.subarray(0, 4))} instead of a TPKT header (03 00)`,
    };
  }
  if (data.length < 4) return { kind: 'need', have: data.length, want: null };
  const length = data.readUInt16BE(2);
  if (length < TPKT_MIN) {
    return {
      kind: 'error',
      code: 'tpkt-too-short',
      message: `The reply's TPKT header announces ${length} bytes, below the minimum of ${TPKT_MIN}: this is not a valid RDP reply`,
    };
  }
  if (length > maxLength) {
    return {
      kind: 'error',
      code: 'tpkt-too-long',
      message: `The reply's TPKT header announces ${length} bytes, more than the ${maxLength} a Connection Confirm can have: this is not a valid RDP reply`,
    };
  }
  if (data.length < length) return { kind: 'need', have: data.length, want: length };
  return { kind: 'frame', frame: data.subarray(0, length), rest: data.subarray(length) };
}

export type ConfirmResult =
  | { kind: 'response'; selected: number; flags: number; notes: string[] }
  | { kind: 'failure'; code: number; name: string | null; notes: string[] }
  | { kind: 'legacy'; notes: string[] }
  | { kind: 'refused'; notes: string[] }
  | { kind: 'invalid'; code: string; message: string };

/** Parses one TPKT frame as an X.224 Connection Confirm with optional RDP negotiation data. */
export function parseConnectionConfirm(frame: Buffer): ConfirmResult {
  const notes: string[] = [];
  if (frame.length < TPKT_MIN || frame[0] !== 0x03) return { kind: 'invalid', code: 'not-tpkt', message: 'The reply is not a TPKT frame' };
  const length = frame.readUInt16BE(2);
  if (length !== frame.length)
    return {
      kind: 'invalid',
      code: 'tpkt-length',
      message: `The TPKT length ${length} does not match the ${frame.length} bytes of the frame`,
    };
  const li = frame[4]!;
  const code = frame[5]! & 0xf0;
  if (code === 0x80) return { kind: 'refused', notes };
  if (code !== 0xd0) {
    return {
      kind: 'invalid',
      code: 'not-confirm',
      message: `The reply is an X.224 TPDU of type 0x${code.toString(16)}, not a Connection Confirm (0xd0)`,
    };
  }
  if (li < 6)
    return { kind: 'invalid', code: 'x224-li', message: `The Connection Confirm's length indicator is ${li}, below the minimum of 6` };
  if (5 + li !== frame.length)
    notes.push(`The X.224 length indicator (${li}) disagrees with the TPKT length (${frame.length - 5} bytes after it)`);
  // The negotiation data sits after the 7-byte fixed part; read it from the frame, which the TPKT length bounds.
  const variable = frame.subarray(11);
  if (variable.length === 0) return { kind: 'legacy', notes };
  if (variable.length < 8) {
    return {
      kind: 'invalid',
      code: 'neg-short',
      message: `The Connection Confirm carries ${variable.length} bytes of negotiation data; 8 are expected`,
    };
  }
  const type = variable[0]!;
  const negFlags = variable[1]!;
  const negLength = variable.readUInt16LE(2);
  const value = variable.readUInt32LE(4);
  if (negLength !== 8) notes.push(`The negotiation structure's length field is ${negLength}, not 8`);
  if (variable.length > 8) notes.push(`${variable.length - 8} unexpected bytes follow the negotiation data`);
  if (type === 0x02) return { kind: 'response', selected: value, flags: negFlags, notes };
  if (type === 0x03) return { kind: 'failure', code: value, name: FAILURE_NAMES[value] ?? null, notes };
  return {
    kind: 'invalid',
    code: 'neg-type',
    message: `The negotiation data has type 0x${type.toString(16)}, neither a response (0x02) nor a failure (0x03)`,
  };
}

export function hex(data: Buffer | Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

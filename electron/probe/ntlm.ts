// NTLM NEGOTIATE (what the probe sends: no user, no domain, no password) and a strictly bounded reader of the
// server's CHALLENGE, for the names, version and clock it carries before any logon.
// [MS-NLMP] 2.2.1.1 NEGOTIATE_MESSAGE, 2.2.1.2 CHALLENGE_MESSAGE, 2.2.2.1 AV_PAIR, 2.2.2.10 VERSION.
// Every offset and length comes from the peer: each is checked against the message before it is read.

const NTLM_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** A CHALLENGE larger than this is not one (a real one is a few hundred bytes). */
const MAX_CHALLENGE_BYTES = 8192;

// UNICODE | OEM | REQUEST_TARGET | SIGN | SEAL | LM_KEY | NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY |
// VERSION | 128 | KEY_EXCH | 56: what Windows clients ask for; REQUEST_TARGET makes the server name itself.
const NEGOTIATE_FLAGS = 0xe20882b7;
const FLAG_NEGOTIATE_VERSION = 0x02000000;
const FLAG_TARGET_INFO = 0x00800000;

/** 40 bytes: header, flags, empty domain and workstation fields, and a version (10.0, NTLM revision 15). */
export function buildNegotiate(): Buffer {
  const b = Buffer.alloc(40);
  NTLM_SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(NEGOTIATE_FLAGS, 12);
  // Domain (16) and workstation (24) fields: length 0, offset at the end of the message.
  b.writeUInt32LE(40, 20);
  b.writeUInt32LE(40, 28);
  b.writeUInt8(10, 32);
  b.writeUInt8(0, 33);
  b.writeUInt16LE(0, 34);
  b.writeUInt8(15, 39);
  return b;
}

export interface NtlmChallenge {
  targetName: string | null;
  flags: number;
  netbiosComputerName: string | null;
  netbiosDomainName: string | null;
  dnsComputerName: string | null;
  dnsDomainName: string | null;
  dnsTreeName: string | null;
  /** major.minor.build from the VERSION field, null when the server sent none. */
  productVersion: string | null;
  /** MsvAvTimestamp, the server's clock (FILETIME, UTC); null when absent. */
  hostTime: Date | null;
  /** Problems with a message that was still understood (an AV pair cut short, ...). */
  notes: string[];
}

type ChallengeResult = { ok: true; challenge: NtlmChallenge } | { ok: false; code: string; error: string };

const fail = (code: string, error: string): ChallengeResult => ({ ok: false, code, error });

/** A security buffer (len u16, maxLen u16, offset u32) inside `msg`, or why it does not fit. */
function field(msg: Buffer, at: number, name: string): { ok: true; value: Buffer } | { ok: false; error: string } {
  const len = msg.readUInt16LE(at);
  const offset = msg.readUInt32LE(at + 4);
  if (len === 0) return { ok: true, value: Buffer.alloc(0) };
  if (offset > msg.length || len > msg.length - offset) {
    return { ok: false, error: `${name} claims ${len} bytes at offset ${offset}, beyond the ${msg.length}-byte message` };
  }
  return { ok: true, value: msg.subarray(offset, offset + len) };
}

/** UTF-16LE text, with control characters (a hostile name in a log or report) replaced. */
function utf16(value: Buffer): string {
  const even = value.subarray(0, value.length - (value.length % 2));
  return (
    even
      .toString('utf16le')
      // eslint-disable-next-line no-control-regex -- a peer's names may carry control characters: shown as '?'
      .replace(/[\u0000-\u001f\u007f]/g, '?')
      .slice(0, 256)
  );
}

const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

function filetime(value: Buffer): Date | null {
  if (value.length !== 8) return null;
  const ms = value.readBigUInt64LE(0) / 10000n - FILETIME_EPOCH_OFFSET_MS;
  const date = new Date(Number(ms));
  // Outside 1980..2200 it is not a clock reading.
  return Number.isFinite(date.getTime()) && date.getUTCFullYear() >= 1980 && date.getUTCFullYear() <= 2200 ? date : null;
}

const AV = { EOL: 0, NB_COMPUTER: 1, NB_DOMAIN: 2, DNS_COMPUTER: 3, DNS_DOMAIN: 4, DNS_TREE: 5, TIMESTAMP: 7 } as const;
/** More pairs than any server sends: a loop bound against a list of tiny pairs. */
const MAX_AV_PAIRS = 64;

function readAvPairs(info: Buffer, into: NtlmChallenge): void {
  let at = 0;
  for (let n = 0; n < MAX_AV_PAIRS; n++) {
    if (info.length - at < 4) {
      if (at < info.length || n === 0) into.notes.push('The target information ends without MsvAvEOL');
      return;
    }
    const id = info.readUInt16LE(at);
    const len = info.readUInt16LE(at + 2);
    if (id === AV.EOL) return;
    if (len > info.length - at - 4) {
      into.notes.push(`AV pair ${id} claims ${len} bytes but only ${info.length - at - 4} follow: ignored from there`);
      return;
    }
    const value = info.subarray(at + 4, at + 4 + len);
    if (id === AV.NB_COMPUTER) into.netbiosComputerName = utf16(value);
    else if (id === AV.NB_DOMAIN) into.netbiosDomainName = utf16(value);
    else if (id === AV.DNS_COMPUTER) into.dnsComputerName = utf16(value);
    else if (id === AV.DNS_DOMAIN) into.dnsDomainName = utf16(value);
    else if (id === AV.DNS_TREE) into.dnsTreeName = utf16(value);
    else if (id === AV.TIMESTAMP) {
      into.hostTime = filetime(value);
      if (!into.hostTime) into.notes.push('MsvAvTimestamp is not a valid time');
    }
    at += 4 + len;
  }
  into.notes.push(`More than ${MAX_AV_PAIRS} AV pairs: the rest was not read`);
}

export function parseChallenge(msg: Buffer): ChallengeResult {
  if (msg.length > MAX_CHALLENGE_BYTES)
    return fail('ntlm-too-long', `The NTLM message is ${msg.length} bytes, more than a CHALLENGE can be`);
  if (msg.length < 8 || !msg.subarray(0, 8).equals(NTLM_SIGNATURE))
    return fail('ntlm-not-ntlm', 'The server answered with a token that is not NTLM');
  if (msg.length < 12) return fail('ntlm-truncated', 'The NTLM message is cut short before its type');
  const type = msg.readUInt32LE(8);
  if (type !== 2) return fail('ntlm-not-challenge', `The server sent NTLM message type ${type}, not a CHALLENGE (2)`);
  if (msg.length < 32) return fail('ntlm-truncated', `The CHALLENGE is cut short (${msg.length} bytes; its header alone is 32)`);
  const flags = msg.readUInt32LE(20);
  const out: NtlmChallenge = {
    targetName: null,
    flags,
    netbiosComputerName: null,
    netbiosDomainName: null,
    dnsComputerName: null,
    dnsDomainName: null,
    dnsTreeName: null,
    productVersion: null,
    hostTime: null,
    notes: [],
  };
  const target = field(msg, 12, 'TargetName');
  if (target.ok) out.targetName = target.value.length ? utf16(target.value) : null;
  else out.notes.push(target.error);
  // TargetInfo (40..48) and Version (48..56) exist only when the message is long enough to hold them;
  // a CHALLENGE from an old server may stop at 32 or 40 bytes.
  if (msg.length >= 48 && flags & FLAG_TARGET_INFO) {
    const info = field(msg, 40, 'TargetInfo');
    if (info.ok) readAvPairs(info.value, out);
    else out.notes.push(info.error);
  } else out.notes.push('The CHALLENGE carries no target information (no names, no clock)');
  if (msg.length >= 56 && flags & FLAG_NEGOTIATE_VERSION) {
    out.productVersion = `${msg.readUInt8(48)}.${msg.readUInt8(49)}.${msg.readUInt16LE(50)}`;
  }
  return { ok: true, challenge: out };
}

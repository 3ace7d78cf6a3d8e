// NTLM CHALLENGE messages built by hand from [MS-NLMP] 2.2.1.2 and 2.2.2.1, for the fake NLA peers and the
// parser tests: the names, version and clock a Windows host puts in them, or hostile variants.
const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export interface ChallengeSpec {
  targetName?: string;
  names?: Partial<Record<1 | 2 | 3 | 4 | 5, string>>;
  time?: Date;
  version?: [number, number, number];
  /** Raw target info instead of the AV pairs from names/time. */
  targetInfo?: Buffer;
  withTargetInfo?: boolean;
}

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

export function avPair(id: number, value: Buffer, claimed = value.length): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(claimed, 2);
  return Buffer.concat([h, value]);
}

export function filetime(date: Date): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(date.getTime()) + 11644473600000n) * 10000n);
  return b;
}

export function buildChallenge(spec: ChallengeSpec): Buffer {
  const pairs: Buffer[] = [];
  for (const [id, name] of Object.entries(spec.names ?? {})) pairs.push(avPair(Number(id), utf16(name)));
  if (spec.time) pairs.push(avPair(7, filetime(spec.time)));
  pairs.push(avPair(0, Buffer.alloc(0)));
  const info = spec.targetInfo ?? Buffer.concat(pairs);
  const withInfo = spec.withTargetInfo ?? true;
  const target = utf16(spec.targetName ?? '');
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(target.length, 12);
  header.writeUInt16LE(target.length, 14);
  header.writeUInt32LE(56, 16);
  const flags = 0xe2088235 | (withInfo ? 0x00800000 : 0) | (spec.version ? 0x02000000 : 0);
  header.writeUInt32LE(flags >>> 0, 20);
  header.fill(0x11, 24, 32);
  if (withInfo) {
    header.writeUInt16LE(info.length, 40);
    header.writeUInt16LE(info.length, 42);
    header.writeUInt32LE(56 + target.length, 44);
  }
  if (spec.version) {
    header.writeUInt8(spec.version[0], 48);
    header.writeUInt8(spec.version[1], 49);
    header.writeUInt16LE(spec.version[2], 50);
    header.writeUInt8(15, 55);
  }
  return Buffer.concat([header, target, withInfo ? info : Buffer.alloc(0)]);
}

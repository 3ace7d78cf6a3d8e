// A tiny real DNS server on 127.0.0.1 (UDP, RFC 1035 messages) for the probe's name resolution: A records for
// the names it knows, an empty answer for their AAAA, NXDOMAIN for every other name. An answer may change from
// one query to the next (round robin, a flapping record), as a zone's can.
import dgram from 'node:dgram';

export interface DnsServer {
  /** "127.0.0.1:PORT", as `rdp-doctor web --dns-server` takes it. */
  address: string;
  /** Names asked, in order (lower case), to show the app asked this server. */
  queries: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (i < msg.length && msg[i]! > 0) {
    const len = msg[i]!;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'));
    i += 1 + len;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

function answer(query: Buffer, addresses: string[] | null): Buffer {
  const { end } = readName(query, 12);
  const qtype = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const records = addresses === null || qtype !== TYPE_A ? [] : addresses;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // the id
  // QR=1, opcode 0, AA=1, RD copied; RA=1; RCODE 3 (NXDOMAIN) for an unknown name.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (addresses === null ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const rrs = records.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    rr.writeUInt16BE(TYPE_A, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(5, 6); // TTL
    rr.writeUInt16BE(4, 10);
    ip.split('.').forEach((octet, k) => rr.writeUInt8(Number(octet), 12 + k));
    return rr;
  });
  return Buffer.concat([header, question, ...rrs]);
}

/** `zone`: name → the A records of the next answer (called once per A query). */
export async function startDnsServer(zone: Record<string, () => string[]>): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, peer) => {
    if (msg.length < 17) return;
    const { name, end } = readName(msg, 12);
    if (end + 4 > msg.length) return;
    queries.push(name);
    const known = Object.prototype.hasOwnProperty.call(zone, name) ? zone[name]! : null;
    const addresses = known ? (msg.readUInt16BE(end) === TYPE_A ? known() : []) : null;
    socket.send(answer(msg, addresses), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

// The TPKT reader on a real socket: bytes after the frame (the start of a TLS flight, or junk) stay in the
// socket for the next reader, and never make the reader re-enter itself (a stack overflow would crash the app).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readTpktFrame } from '../../electron/probe/net';
import { confirm, negResponse } from '../support/fake-peers';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function serve(reply: Buffer): Promise<number> {
  const server = net.createServer((s) => s.end(reply));
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('readTpktFrame', () => {
  it('returns the frame and leaves the trailing bytes unread in the socket', async () => {
    const frame = confirm(negResponse(1));
    const trailing = Buffer.alloc(5000, 0x16);
    const port = await serve(Buffer.concat([frame, trailing]));
    const socket = net.connect(port, '127.0.0.1');
    const r = await readTpktFrame(socket, { timeoutMs: 2000 });
    expect(r.ok && r.frame.equals(frame)).toBe(true);
    const rest: Buffer[] = [];
    await new Promise<void>((resolve) => {
      socket.on('data', (c) => rest.push(c));
      socket.on('end', resolve);
      socket.resume();
    });
    expect(Buffer.concat(rest).equals(trailing)).toBe(true);
  });
});

// Loopback peers that behave the way xrdp cannot: every negotiation failure code, NLA selected, silence,
// HTTP, a close, a reset, a byte a second, absurd TPKT lengths, a TLS abort.
import net from 'node:net';
import tls from 'node:tls';
import { freePort, type CertFiles } from './xrdp';
import { readFileSync } from 'node:fs';

export type PeerBehaviour =
  | { kind: 'failure'; code: number }
  | { kind: 'select'; protocol: number; cert?: CertFiles }
  /** credssp: the TLS server's answer to the client's first CredSSP TSRequest (none: close after the handshake). */
  | { kind: 'nla'; cert: CertFiles; credssp?: (tsRequest: Buffer) => Buffer }
  | { kind: 'legacy' }
  | { kind: 'silent' }
  | { kind: 'http' }
  | { kind: 'close' }
  | { kind: 'reset' }
  | { kind: 'drip' }
  | { kind: 'tpkt-length'; length: number }
  | { kind: 'tls-abort' }
  | { kind: 'tls-alert' }
  /** Selects SSL, answers the ClientHello with these bytes, then closes (or stays silent). */
  | { kind: 'tls-reply'; reply: Buffer; close: boolean }
  | { kind: 'segmented'; protocol: number }
  /** A reply chosen per request (requestedProtocols, null without negotiation data), then closed. */
  | { kind: 'by-request'; reply: (requested: number | null) => Buffer };

export interface FakePeer {
  port: number;
  close(): Promise<void>;
}

export function confirm(neg: Buffer | null): Buffer {
  const x224 = Buffer.from([6 + (neg?.length ?? 0), 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]);
  const length = 4 + x224.length + (neg?.length ?? 0);
  return Buffer.concat([Buffer.from([0x03, 0x00, length >> 8, length & 0xff]), x224, neg ?? Buffer.alloc(0)]);
}

export function negResponse(selected: number, flags = 0x01): Buffer {
  const b = Buffer.from([0x02, flags, 0x08, 0x00, 0, 0, 0, 0]);
  b.writeUInt32LE(selected, 4);
  return confirm(b);
}

export function negFailure(code: number): Buffer {
  const b = Buffer.from([0x03, 0x00, 0x08, 0x00, 0, 0, 0, 0]);
  b.writeUInt32LE(code, 4);
  return confirm(b);
}

/** requestedProtocols of a Connection Request, or null when it carries no negotiation data. */
function requested(request: Buffer): number | null {
  return request.length >= 19 && request[11] === 0x01 ? request.readUInt32LE(15) : null;
}

const contexts = new Map<string, tls.SecureContext>();
function serverContext(cert: CertFiles): tls.SecureContext {
  let context = contexts.get(cert.cert);
  if (!context) {
    context = tls.createSecureContext({ key: readFileSync(cert.key), cert: readFileSync(cert.cert) });
    contexts.set(cert.cert, context);
  }
  return context;
}

function upgrade(socket: net.Socket, cert: CertFiles, answer?: (request: Buffer) => Buffer): void {
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: serverContext(cert) });
  secure.on('error', () => undefined);
  if (answer) {
    secure.once('data', (request: Buffer) => secure.write(answer(request)));
    secure.on('secure', () => setTimeout(() => secure.destroy(), 2000));
  } else secure.on('secure', () => setTimeout(() => secure.destroy(), 50));
}

function handle(socket: net.Socket, b: PeerBehaviour, timers: Set<NodeJS.Timeout>): void {
  socket.on('error', () => undefined);
  if (b.kind === 'silent') return;
  socket.once('data', (request: Buffer) => {
    const asked = requested(request);
    switch (b.kind) {
      case 'failure':
        socket.end(negFailure(b.code));
        return;
      case 'select': {
        if (asked === null) return void socket.end(confirm(null));
        socket.write(negResponse(b.protocol));
        if (b.cert && b.protocol !== 0) upgrade(socket, b.cert);
        else socket.end();
        return;
      }
      case 'nla': {
        // As Windows with NLA required: CredSSP for clients offering it, a refusal for the others.
        if (asked === null || (asked & 0x02) === 0) return void socket.end(negFailure(5));
        socket.write(negResponse((asked & 0x08) !== 0 ? 0x08 : 0x02, 0x1f));
        upgrade(socket, b.cert, b.credssp);
        return;
      }
      case 'legacy':
        socket.end(confirm(null));
        return;
      case 'http':
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      case 'close':
        socket.end();
        return;
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'drip': {
        const reply = negResponse(1);
        let i = 0;
        const send = (): void => {
          if (socket.destroyed || i >= reply.length) return;
          socket.write(reply.subarray(i, i + 1));
          i++;
          const t = setTimeout(send, 1000);
          timers.add(t);
        };
        send();
        return;
      }
      case 'tpkt-length': {
        const header = Buffer.from([0x03, 0x00, b.length >> 8, b.length & 0xff, 0x0e, 0xd0, 0, 0, 0, 0, 0]);
        socket.write(header);
        return;
      }
      case 'tls-abort':
        socket.write(negResponse(1));
        socket.once('data', () => socket.destroy());
        return;
      case 'tls-alert':
        socket.write(negResponse(1));
        // A fatal internal_error alert, then close: what a server that cannot use its key does.
        socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50])));
        return;
      case 'tls-reply':
        socket.write(negResponse(1));
        socket.once('data', () => (b.close ? socket.end(b.reply) : socket.write(b.reply)));
        return;
      case 'by-request':
        socket.end(b.reply(asked));
        return;
      case 'segmented': {
        const reply = asked === null ? confirm(null) : negResponse(b.protocol);
        const parts = [reply.subarray(0, 1), reply.subarray(1, 3), reply.subarray(3, 9), reply.subarray(9)];
        parts.forEach((part, n) => {
          const t = setTimeout(() => !socket.destroyed && socket.write(part), n * 15);
          timers.add(t);
        });
        const t = setTimeout(() => socket.end(), parts.length * 15 + 10);
        timers.add(t);
        return;
      }
    }
  });
}

export function startFakePeer(behaviour: PeerBehaviour): Promise<FakePeer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    handle(socket, behaviour, timers);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port nothing listens on: connecting to it is refused. */
export const closedPort = freePort;

/**
 * A port whose SYNs go unanswered, as behind a firewall that drops them: a child process listens with a
 * backlog of 1 (Node reads 0 as "default") and then never returns to its event loop, so it never accepts;
 * once the fillers fill the queue, the kernel drops further SYNs. Loopback only, no root, no iptables.
 */
export async function startFilteredPort(): Promise<FakePeer> {
  const { spawn } = await import('node:child_process');
  const code = `const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{process.stdout.write(s.address().port+'\\n');setTimeout(()=>{for(;;){}},20)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', () => reject(new Error('the filtered-port helper exited')));
  });
  await new Promise((r) => setTimeout(r, 100));
  const fillers = Array.from({ length: 4 }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  await new Promise((r) => setTimeout(r, 100));
  return {
    port,
    close: async () => {
      for (const f of fillers) f.destroy();
      child.kill('SIGKILL');
    },
  };
}

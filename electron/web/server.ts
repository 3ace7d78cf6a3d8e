// Browser mode: serves the renderer and the RdpApi contract over HTTP on the loopback interface.
// The app may run elevated, so this is a door into administrator actions; every request must prove it came
// from the page we served: a random token (constant-time compare), a Host header naming the loopback
// address (DNS rebinding), and a matching Origin when the browser sends one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { AppService } from '../app/service-types';
import { cspHeaderValue } from '../main/csp';

// The same policy as the Electron app (electron/main/csp.ts), as a header.
export const CSP = cspHeaderValue();
export const TOKEN_HEADER = 'x-rdp-doctor-token';
export const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1']);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebServerOptions {
  service: AppService;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  host?: string;
  /** The Vite build of the renderer (dist/renderer). */
  staticDir: string;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const BASE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
} as const;

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the input.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      // Drain and discard, so the client reads the 413 instead of a reset connection.
      req.resume();
      reject(Object.assign(new Error('too large'), { status: 413 }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is discarded, not buffered; the promise has already answered 413.
      if (size > limit) {
        chunks.length = 0;
        reject(Object.assign(new Error('too large'), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** DNS rebinding: only a Host header naming the loopback address and our port. */
function allowedHost(req: IncomingMessage, port: number): boolean {
  const h = req.headers.host;
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** Cross-site requests: an Origin, when the browser sends one, must be ours. */
function allowedOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function staticPath(pathname: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  return rel === '/' || rel === '' ? '/index.html' : rel;
}

async function serveStatic(staticRoot: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
    return;
  }
  const rel = staticPath(pathname);
  if (rel === null) {
    send(res, 400, 'Bad path', 'text/plain; charset=utf-8');
    return;
  }
  const file = path.resolve(staticRoot, '.' + path.posix.normalize(rel));
  const inside = (p: string) => p === staticRoot || p.startsWith(staticRoot + path.sep);
  try {
    if (!inside(file)) throw new Error('outside');
    const real = await realpath(file);
    if (!inside(real) || !(await stat(real)).isFile()) throw new Error('not a file');
    const body = await readFile(real);
    const type = MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    // Hashed assets never change; index.html must be fetched again to pick up a new build.
    const cache = rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': cache });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  }
}

/** The {channel, args} of a POST /api/invoke, or null after answering the error. */
async function readInvoke(req: IncomingMessage, res: ServerResponse): Promise<{ channel: string; args?: unknown } | null> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'bad-input', 'Use POST for /api/invoke.');
    return null;
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') {
    sendError(res, 415, 'bad-input', 'Send the request as application/json.');
    return null;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    res.setHeader('Connection', 'close');
    sendError(
      res,
      status,
      'bad-input',
      status === 413 ? `The request is larger than ${MAX_BODY_BYTES} bytes.` : 'The request could not be read.',
    );
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    sendError(res, 400, 'bad-input', 'The request is not valid JSON.');
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { channel?: unknown }).channel !== 'string') {
    sendError(res, 400, 'bad-input', 'The request must be {"channel": "...", "args": {...}}.');
    return null;
  }
  return parsed as { channel: string; args?: unknown };
}

async function handleInvoke(service: AppService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await readInvoke(req, res);
  if (!request) return;
  // The service validates the channel and its arguments against the contract and never throws.
  const envelope = await service.invoke(request.channel, request.args).catch((error: unknown) => ({
    ok: false as const,
    error: { code: 'internal' as const, message: error instanceof Error ? error.message : String(error) },
  }));
  sendJson(res, 200, envelope);
}

function handleEvents(service: AppService, streams: Set<ServerResponse>, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') {
    sendError(res, 405, 'bad-input', 'Use GET for /api/events.');
    return;
  }
  res.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write('retry: 1000\n\n');
  streams.add(res);
  const off = service.on('diagnose:progress', (payload) => {
    res.write(`data: ${JSON.stringify({ event: 'diagnose:progress', payload })}\n\n`);
  });
  // Proxies and idle timers close silent connections; a comment line every 15 s keeps it open.
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  ping.unref();
  const done = () => {
    clearInterval(ping);
    off();
    streams.delete(res);
  };
  req.on('close', done);
  res.on('error', done);
}

interface Site {
  service: AppService;
  token: string;
  staticRoot: string;
  streams: Set<ServerResponse>;
  port(): number;
}

/** Every request: Host, then Origin, then (for /api) the token; only then the channel or the file. */
async function route(site: Site, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = site.port();
  if (!allowedHost(req, port)) {
    send(res, 421, 'This server answers only to 127.0.0.1 and localhost.', 'text/plain; charset=utf-8');
    return;
  }
  if (!allowedOrigin(req, port)) {
    sendError(res, 403, 'forbidden', 'Requests from other web sites are refused.');
    return;
  }
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return serveStatic(site.staticRoot, req, res, url.pathname);
  const given = url.pathname === '/api/events' ? url.searchParams.get('token') : req.headers[TOKEN_HEADER];
  if (!tokensEqual(site.token, Array.isArray(given) ? given[0] : given)) {
    sendError(res, 401, 'forbidden', 'Missing or wrong token: open the address `rdp-doctor web` printed.');
    return;
  }
  if (url.pathname === '/api/invoke') return handleInvoke(site.service, req, res);
  if (url.pathname === '/api/events') return handleEvents(site.service, site.streams, req, res);
  sendError(res, 404, 'not-found', `No such endpoint: ${url.pathname.slice(0, 80)}`);
}

function checkedOptions(options: WebServerOptions): { host: string; port: number } {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`host: "${host}" is not allowed; browser mode listens on 127.0.0.1 only`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port: "${port}" is not a number from 0 to 65535`);
  return { host, port };
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { host, port } = checkedOptions(options);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = await realpath(options.staticDir).catch(() => {
    throw new Error(`staticDir: "${options.staticDir}" does not exist; run \`npm run build\` first`);
  });
  let boundPort = port;
  const site: Site = { service: options.service, token, staticRoot, streams: new Set(), port: () => boundPort };
  const server = createServer((req, res) => {
    route(site, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'internal', 'The server failed to answer.');
      else res.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${boundPort}/#token=${token}`,
    port: boundPort,
    token,
    close() {
      for (const res of site.streams) res.end();
      site.streams.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}

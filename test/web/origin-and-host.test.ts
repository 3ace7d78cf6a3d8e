// The browser-mode bridge answers only the page it served, matched exactly: not another web app on this PC
// (another port of 127.0.0.1 or localhost), not a look-alike name that merely starts with "localhost" or
// "127.0.0.1", not https, not the opaque "null" origin. The token alone is not enough: it is in the page's URL.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { createFakeService, type FakeService } from './fake-service';

let dir: string;
let service: FakeService;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-web-origin-'));
  mkdirSync(path.join(dir, 'static'));
  writeFileSync(path.join(dir, 'static', 'index.html'), '<!doctype html><title>t</title>');
  service = createFakeService({ 'app:info': { version: '0.0.0' } });
  server = await startWebServer({ service, port: 0, host: '127.0.0.1', staticDir: path.join(dir, 'static') });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function invoke(headers: Record<string, string>): Promise<number> {
  const body = JSON.stringify({ channel: 'app:info', args: {} });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/invoke',
        headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'x-rdp-doctor-token': server.token, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('web server: Origin and Host, exactly', () => {
  const port = () => server.port;
  // [what, headers, accepted]
  const rows: Array<[string, () => Record<string, string>, boolean]> = [
    ['our page on 127.0.0.1', () => ({ origin: `http://127.0.0.1:${port()}` }), true],
    ['our page on localhost', () => ({ origin: `http://localhost:${port()}`, host: `localhost:${port()}` }), true],
    ['no Origin (not a browser page: curl, the CLI)', () => ({}), true],
    ['another app on 127.0.0.1 (another port)', () => ({ origin: `http://127.0.0.1:${port() === 3000 ? 3001 : 3000}` }), false],
    ['another app on localhost (no port)', () => ({ origin: 'http://localhost' }), false],
    ['a look-alike name starting with localhost', () => ({ origin: `http://localhost.evil.example:${port()}` }), false],
    ['a look-alike name starting with 127.0.0.1', () => ({ origin: `http://127.0.0.1.evil.example:${port()}` }), false],
    ['https on our port', () => ({ origin: `https://127.0.0.1:${port()}` }), false],
    ['the literal null origin (a sandboxed frame or a file)', () => ({ origin: 'null' }), false],
    ['Host of a look-alike name with our port', () => ({ host: `localhost.evil.example:${port()}` }), false],
    ['Host 127.0.0.1 on another port', () => ({ host: `127.0.0.1:${port() + 1}` }), false],
  ];
  for (const [what, headers, accepted] of rows) {
    it(`${what}: ${accepted ? 'answered' : 'refused, the service not called'}`, async () => {
      const before = service.calls.length;
      const status = await invoke(headers());
      if (accepted) {
        expect(status).toBe(200);
        expect(service.calls.length).toBe(before + 1);
      } else {
        expect([403, 421]).toContain(status);
        expect(service.calls.length).toBe(before);
      }
    });
  }
});

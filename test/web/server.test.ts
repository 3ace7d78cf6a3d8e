// The browser-mode bridge: loopback only, token on every API call, Host and Origin checked, CSP on pages.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, MAX_BODY_BYTES, startWebServer, tokensEqual, type WebServer } from '../../electron/web/server';
import { createFakeService, type FakeService } from './fake-service';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so tests can send the Host and Origin headers a browser would never let a page forge. */
function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (e) =>
      opts.body && (e as NodeJS.ErrnoException).code === 'EPIPE' ? resolve({ status: 413, headers: {}, body: '' }) : reject(e),
    );
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

let dir: string;
let service: FakeService;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-web-'));
  const stat = path.join(dir, 'static');
  mkdirSync(path.join(stat, 'assets'), { recursive: true });
  writeFileSync(path.join(stat, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(stat, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  service = createFakeService({ 'app:info': { version: '0.0.0' } });
  server = await startWebServer({ service, port: 0, host: '127.0.0.1', staticDir: stat });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function invoke(body: unknown, headers: Record<string, string> = {}) {
  return raw(server.port, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'application/json', 'x-rdp-doctor-token': server.token, ...headers },
    body: JSON.stringify(body),
  });
}

describe('startWebServer', () => {
  it('refuses to listen anywhere but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost.evil.com']) {
      await expect(startWebServer({ service, host, staticDir: dir })).rejects.toThrow(/127\.0\.0\.1 only/);
    }
  });

  it('prints a URL with a 32-byte token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('serves the renderer with the CSP and nosniff', async () => {
    const page = await raw(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const js = await raw(server.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['content-security-policy']).toBe(CSP);
  });

  it('never serves files outside the static folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const r = await raw(server.port, { path: p });
      expect([400, 404]).toContain(r.status);
      expect(r.body).not.toContain('secret');
    }
  });

  it('forwards a call with the token to the service and returns its envelope', async () => {
    const r = await invoke({ channel: 'app:info', args: {} });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { version: '0.0.0' } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('passes malformed arguments to the service, which answers a bad-input envelope', async () => {
    const r = await invoke({ channel: 'check:run', args: { checkId: 'rm -rf', target: null } });
    const env = JSON.parse(r.body);
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('bad-input');
  });

  it('rejects a missing or wrong token without calling the service', async () => {
    const before = service.calls.length;
    expect((await invoke({ channel: 'app:info', args: {} }, { 'x-rdp-doctor-token': '' })).status).toBe(401);
    expect((await invoke({ channel: 'app:info', args: {} }, { 'x-rdp-doctor-token': server.token.slice(1) + 'A' })).status).toBe(401);
    const noHeader = await raw(server.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noHeader.status).toBe(401);
    expect(service.calls.length).toBe(before);
  });

  it('rejects a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const before = service.calls.length;
    const rebound = await invoke({ channel: 'app:info', args: {} }, { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(421);
    const page = await raw(server.port, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(421);
    const foreign = await invoke({ channel: 'app:info', args: {} }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const ok = await invoke(
      { channel: 'app:info', args: {} },
      { origin: `http://127.0.0.1:${server.port}`, host: `localhost:${server.port}` },
    );
    expect(ok.status).toBe(200);
    expect(service.calls.length).toBe(before + 1);
  });

  it('accepts JSON only, and bodies up to the size limit', async () => {
    const form = await invoke({}, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    const notJson = await raw(server.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'content-type': 'application/json', 'x-rdp-doctor-token': server.token },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const big = await invoke({ channel: 'app:info', args: { pad: 'x'.repeat(MAX_BODY_BYTES) } });
    expect(big.status).toBe(413);
    const get = await raw(server.port, { path: '/api/invoke', headers: { 'x-rdp-doctor-token': server.token } });
    expect(get.status).toBe(405);
  });

  it('streams progress events to a client holding the token, and stops on disconnect', async () => {
    expect((await raw(server.port, { path: '/api/events?token=nope' })).status).toBe(401);
    const payload = { runId: 'r1', checkId: 'host.service', phase: 'started' as const, done: 0, total: 1 };
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}` } },
        (res) => {
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
          setTimeout(() => service.emit('diagnose:progress', payload), 50);
        },
      );
      req.on('error', reject);
      req.end();
    });
    const line = received.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(line.slice(6))).toEqual({ event: 'diagnose:progress', payload });
    await new Promise((r) => setTimeout(r, 100));
    expect(service.listenerCount()).toBe(0);
  });
});

describe('tokensEqual', () => {
  it('compares in constant time and handles odd input', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'ab')).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
  });
});

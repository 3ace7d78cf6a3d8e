import { describe, expect, it } from 'vitest';
import { createWebApi, TOKEN_HEADER } from './web-api';

class FakeEventSource {
  static last: FakeEventSource | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
}

describe('web api', () => {
  it('posts {channel,args} with the token header and returns the envelope', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const fetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response(JSON.stringify({ ok: true, value: { cancelled: true } }), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const api = createWebApi('t'.repeat(43), { fetch, EventSource: FakeEventSource as unknown as typeof EventSource });
    const env = await api.invoke('diagnose:cancel', { runId: 'r' });
    expect(env).toEqual({ ok: true, value: { cancelled: true } });
    expect(seen!.url).toBe('/api/invoke');
    expect((seen!.init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('t'.repeat(43));
    expect(JSON.parse(seen!.init.body as string)).toEqual({ channel: 'diagnose:cancel', args: { runId: 'r' } });
  });

  it('turns a refused token and a dead server into plain-words envelopes', async () => {
    const refused = createWebApi('x'.repeat(20), {
      fetch: async () => new Response('{}', { status: 401 }),
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const a = await refused.invoke('app:info', {});
    expect(a.ok === false && a.error.code).toBe('forbidden');
    const dead = createWebApi('x'.repeat(20), {
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const b = await dead.invoke('app:info', {});
    expect(b.ok === false && b.error.message).toMatch(/not answering/);
    expect(b.ok === false && b.error.code).toBe('unavailable');
  });

  it('delivers server-sent progress events to listeners until they unsubscribe', () => {
    const api = createWebApi('y'.repeat(20), { fetch: fetch, EventSource: FakeEventSource as unknown as typeof EventSource });
    const got: unknown[] = [];
    const off = api.on('diagnose:progress', (p) => got.push(p));
    const es = FakeEventSource.last!;
    expect(es.url).toBe(`/api/events?token=${'y'.repeat(20)}`);
    es.onmessage!({ data: JSON.stringify({ event: 'diagnose:progress', payload: { n: 1 } }) });
    es.onmessage!({ data: 'garbage' });
    off();
    es.onmessage!({ data: JSON.stringify({ event: 'diagnose:progress', payload: { n: 2 } }) });
    expect(got).toEqual([{ n: 1 }]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/contract';
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from '../../electron/preload/allowlist';
import { createRdpApi, type IpcRendererLike } from '../../electron/preload/api';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike & { emit(channel: string, payload: unknown): void } = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      if (channel === 'journal:list') throw new Error('handler crashed');
      return { ok: true, value: 'from main' };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
    emit: (channel, payload) => listeners.get(channel)?.forEach((l) => l({ sender: 'ipcRenderer internals' }, payload)),
  };
  return { ipc, invoked, listeners };
}

describe('preload allowlist', () => {
  it('lists exactly the contract channels and events', () => {
    expect([...PRELOAD_CHANNELS].sort()).toEqual([...CHANNELS].sort());
    expect([...PRELOAD_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
  });
});

describe('window.rdpDoctor', () => {
  it('forwards a contract channel with its one argument', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = createRdpApi(ipc);
    expect(await api.invoke('app:info', {})).toEqual({ ok: true, value: 'from main' });
    expect(invoked).toEqual([['app:info', [{}]]]);
  });

  it.each(['ELECTRON_BROWSER_REQUIRE', 'app:quit', 'constructor', '__proto__', 'toString', '', 'APP:INFO'])(
    'refuses channel %j without sending anything',
    async (channel) => {
      const { ipc, invoked } = fakeIpc();
      const answer = await createRdpApi(ipc).invoke(channel as never, {} as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'channel' } });
      expect(invoked).toEqual([]);
    },
  );

  it('turns a rejected invoke into an "internal" envelope', async () => {
    const { ipc } = fakeIpc();
    expect(await createRdpApi(ipc).invoke('journal:list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('subscribes to contract events only, hands the page the payload only, and unsubscribes', () => {
    const { ipc, listeners } = fakeIpc();
    const api = createRdpApi(ipc);
    const seen: unknown[][] = [];
    const off = api.on('diagnose:progress', (...args: unknown[]) => void seen.push(args));
    ipc.emit('diagnose:progress', { done: 1 });
    expect(seen).toEqual([[{ done: 1 }]]);
    off();
    expect(listeners.get('diagnose:progress')?.size).toBe(0);
    expect(() => api.on('app:info' as never, () => {})).toThrow(/event/);
    expect(() => api.on('diagnose:progress', 'alert(1)' as never)).toThrow(/listener/);
  });
});

describe('the preload bundle', () => {
  const bundle = 'dist/electron/preload.cjs';

  it('exists (tests build it in global setup)', () => {
    expect(existsSync(bundle)).toBe(true);
  });

  it('requires nothing but electron and carries no zod (the sandbox allows no other module)', () => {
    const text = readFileSync(bundle, 'utf8');
    const required = [...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(text).not.toMatch(/\bzod\b|ZodError/);
    expect(text.length).toBeLessThan(20_000);
  });

  it('exposes exactly { invoke, on } as rdpDoctor and nothing of ipcRenderer', async () => {
    const exposed: Record<string, unknown> = {};
    const { ipc, invoked } = fakeIpc();
    const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) }, ipcRenderer: ipc };
    const sandbox = {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`module not found: ${name}`);
        return electron;
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(readFileSync(bundle, 'utf8'), sandbox, { filename: bundle });
    expect(Object.keys(exposed)).toEqual(['rdpDoctor']);
    const api = exposed.rdpDoctor as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    await (api.invoke as (c: string, a: unknown) => Promise<unknown>)('no:such', {});
    expect(invoked).toEqual([]);
  });
});

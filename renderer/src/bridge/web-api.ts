// RdpApi over HTTP for the browser build: the same contract the Electron preload exposes, served by
// electron/web/server.ts on 127.0.0.1. Calls are POST /api/invoke; events arrive by Server-Sent Events.
import type { Args, Channel, Envelope, EventName, RdpApi, Result } from '../../../shared/contract';

export const TOKEN_HEADER = 'x-rdp-doctor-token';
const TOKEN_KEY = 'rdp-doctor-token';

/**
 * The server hands the token over in the URL fragment, which never reaches a server log or a Referer.
 * It is kept in sessionStorage so a reload still works, and removed from the address bar at once.
 */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const match = /(?:^|[#&])token=([A-Za-z0-9_-]{16,128})/.exec(loc.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', loc.pathname + loc.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

type Listener = (payload: unknown) => void;

export interface WebApiDeps {
  fetch: typeof fetch;
  EventSource: typeof EventSource;
  base?: string;
}

function failure(code: 'forbidden' | 'internal' | 'unavailable', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

export function createWebApi(token: string, deps: WebApiDeps): RdpApi {
  const base = deps.base ?? '';
  const listeners = new Map<string, Set<Listener>>();
  let source: EventSource | null = null;

  function ensureSource(): void {
    if (source) return;
    source = new deps.EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      let data: { event?: string; payload?: unknown };
      try {
        data = JSON.parse(message.data) as typeof data;
      } catch {
        return;
      }
      if (typeof data.event !== 'string') return;
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    };
  }

  async function invoke<C extends Channel>(channel: C, args: Args<C>): Promise<Envelope<Result<C>>> {
    let response: Response;
    try {
      response = await deps.fetch(`${base}/api/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ channel, args }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return failure(
        'unavailable',
        'The RDP Doctor server is not answering. Check that “rdp-doctor web” is still running, then reload this page.',
      );
    }
    if (response.status === 401 || response.status === 403) {
      return failure(
        'forbidden',
        'This page is not authorised to talk to RDP Doctor. Open the address that `rdp-doctor web` printed (it includes a one-time key).',
      );
    }
    try {
      return (await response.json()) as Envelope<Result<C>>;
    } catch {
      return failure(
        'internal',
        `The RDP Doctor server sent an unreadable answer (HTTP ${response.status}). Reload the page and try again.`,
      );
    }
  }

  return {
    invoke,
    on(event: EventName, listener) {
      ensureSource();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}

/** Installs the web bridge when no preload API exists (the browser build). Returns false without a token. */
export function installWebApi(win: Window & { rdpDoctor?: RdpApi }): boolean {
  if (win.rdpDoctor) return true;
  const token = takeToken(win.location, win.sessionStorage, win.history);
  if (!token) return false;
  const api = createWebApi(token, { fetch: win.fetch.bind(win), EventSource });
  Object.defineProperty(win, 'rdpDoctor', { value: Object.freeze(api), writable: false, configurable: false });
  return true;
}

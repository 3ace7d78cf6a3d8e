// window.rdpDoctor, built from an ipcRenderer-like object so tests can drive it without Electron.
import type { Envelope, RdpApi, RpcError } from '../../shared/contract';
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from './allowlist';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const channels: ReadonlySet<string> = new Set(PRELOAD_CHANNELS);
const events: ReadonlySet<string> = new Set(PRELOAD_EVENTS);

function failure(error: RpcError): Envelope<never> {
  return { ok: false, error };
}

export function createRdpApi(ipc: IpcRendererLike): RdpApi {
  const api = {
    invoke(channel: unknown, args: unknown): Promise<Envelope<unknown>> {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return Promise.resolve(
          failure({ code: 'bad-input', message: `channel: "${String(channel).slice(0, 80)}" is not a known channel`, field: 'channel' }),
        );
      }
      return ipc.invoke(channel, args).then(
        (answer) => answer as Envelope<unknown>,
        (error: unknown) => failure({ code: 'internal', message: `${channel}: ${error instanceof Error ? error.message : String(error)}` }),
      );
    },
    on(event: unknown, listener: unknown): () => void {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`event: "${String(event).slice(0, 80)}" is not a known event`);
      if (typeof listener !== 'function') throw new Error('listener: expected a function');
      // The IpcRendererEvent never reaches the page: it carries `sender`, a handle back into ipcRenderer.
      const wrapped = (_event: unknown, payload: unknown): void => {
        (listener as (payload: unknown) => void)(payload);
      };
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
  return api as RdpApi;
}

// One ipcMain.handle per contract channel. Each handler answers only our own window's main frame showing
// our own index.html, validates the argument against the contract, and only then calls the service.
// Everything comes back as an Envelope: a thrown error would cross IPC as an opaque string.
import type { IpcMain } from 'electron';
import { CHANNELS, validateArgs, type Channel, type Envelope, type RpcError, EVENT_NAMES } from '../../shared/contract';
import type { AppService } from '../app/service-types';
import { isSameDocument } from './navigation';

/** The parts of IpcMainInvokeEvent the sender check reads (so tests need no Electron). */
export interface SenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The window the handlers answer: its webContents id, its main frame, and the URL it must show. */
export interface TrustedWindow {
  webContentsId(): number | null;
  mainFrame(): unknown;
  indexUrl(): string;
}

export function isTrustedSender(event: SenderEvent, window: TrustedWindow): boolean {
  const id = window.webContentsId();
  if (id === null || event.sender?.id !== id) return false;
  const frame = event.senderFrame;
  // A null frame means it navigated away or died since sending: the request is no longer from our page.
  if (!frame || frame.parent !== null) return false;
  if (frame !== window.mainFrame()) return false;
  return isSameDocument(frame.url, window.indexUrl());
}

function failure(error: RpcError): Envelope<never> {
  return { ok: false, error };
}

export type IpcHandler = (event: SenderEvent, ...args: unknown[]) => Promise<Envelope<unknown>>;

export function createIpcHandlers(service: AppService, window: TrustedWindow): Map<Channel, IpcHandler> {
  const handlers = new Map<Channel, IpcHandler>();
  for (const channel of CHANNELS) {
    handlers.set(channel, async (event, ...args) => {
      if (!isTrustedSender(event, window)) {
        return failure({ code: 'forbidden', message: `${channel}: refused, the request did not come from RDP Doctor's window` });
      }
      if (args.length !== 1) {
        return failure({ code: 'bad-input', message: `args: expected exactly one argument object, got ${args.length}`, field: 'args' });
      }
      const checked = validateArgs(channel, args[0]);
      if (!checked.ok) return failure(checked.error);
      try {
        return await service.invoke(channel, checked.args);
      } catch (error) {
        // The service promises not to throw; if it does, the renderer still gets an answer, not a hang.
        return failure({ code: 'internal', message: `${channel}: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }
  return handlers;
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Map<Channel, IpcHandler>): () => void {
  for (const [channel, handler] of handlers) ipcMain.handle(channel, handler);
  return () => {
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel);
  };
}

/** The parts of WebContents event forwarding needs. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Pushes the service's events (progress) to the window; returns the unsubscribe. */
export function forwardEvents(service: AppService, target: () => EventTarget | null): () => void {
  const offs = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(name, payload);
    }),
  );
  return () => offs.forEach((off) => off());
}

// Fakes for the main-process modules: an AppService that records calls, and IPC events from our window or not.
import type { Channel, Envelope, EventName } from '../../shared/contract';
import type { AppService, EventMap } from '../../electron/app/service-types';
import type { SenderEvent, TrustedWindow } from '../../electron/main/ipc';

export const INDEX_URL = 'file:///C:/Program%20Files/RDP%20Doctor/resources/app.asar/dist/renderer/index.html';

export class RecordingService implements AppService {
  readonly calls: { channel: string; args: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  answer: (channel: string, args: unknown) => Envelope<unknown> = () => ({ ok: true, value: { echoed: true } });

  async invoke<C extends Channel>(channel: C | string, args: unknown): Promise<Envelope<never>> {
    this.calls.push({ channel, args: structuredClone(args) });
    return this.answer(channel, args) as Envelope<never>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit(event: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  async close(): Promise<void> {}
}

export function fakeWindow(): { window: TrustedWindow; mainFrame: { url: string; parent: null }; trustedEvent(): SenderEvent } {
  const mainFrame = { url: INDEX_URL, parent: null };
  return {
    mainFrame,
    window: { webContentsId: () => 7, mainFrame: () => mainFrame, indexUrl: () => INDEX_URL },
    trustedEvent: () => ({ sender: { id: 7 }, senderFrame: mainFrame }),
  };
}

/** Senders that are not our window's main frame showing our index.html. */
export function foreignEvents(mainFrame: { url: string; parent: null }): [string, SenderEvent][] {
  return [
    ['another webContents', { sender: { id: 8 }, senderFrame: { url: INDEX_URL, parent: null } }],
    ['another webContents with our main frame object', { sender: { id: 99 }, senderFrame: mainFrame }],
    ['a sub-frame showing our page', { sender: { id: 7 }, senderFrame: { url: INDEX_URL, parent: mainFrame } }],
    ['a look-alike frame object', { sender: { id: 7 }, senderFrame: { url: INDEX_URL, parent: null } }],
    ['a frame that navigated away (null)', { sender: { id: 7 }, senderFrame: null }],
  ];
}

/** Our main frame object, but showing another document: the check must read the URL, not trust the object. */
export function mainFrameAt(url: string): { window: TrustedWindow; event: SenderEvent } {
  const frame = { url, parent: null };
  return {
    window: { webContentsId: () => 7, mainFrame: () => frame, indexUrl: () => INDEX_URL },
    event: { sender: { id: 7 }, senderFrame: frame },
  };
}

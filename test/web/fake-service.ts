// A tiny AppService for transport tests: validates like the real one and records what it was asked.
import { validateArgs } from '../../shared/contract';
import type { AppService, EventMap } from '../../electron/app/service-types';

export interface FakeService extends AppService {
  calls: { channel: string; args: unknown }[];
  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void;
  listenerCount(): number;
}

export function createFakeService(answers: Record<string, unknown> = {}): FakeService {
  const calls: { channel: string; args: unknown }[] = [];
  const listeners = new Set<(p: EventMap['diagnose:progress']) => void>();
  return {
    calls,
    async invoke(channel: string, args: unknown) {
      calls.push({ channel, args });
      const checked = validateArgs(channel, args);
      if (!checked.ok) return { ok: false, error: checked.error };
      return { ok: true, value: (answers[channel] ?? { echo: checked.args }) as never };
    },
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(_event, payload) {
      for (const l of listeners) l(payload);
    },
    listenerCount: () => listeners.size,
    async close() {},
  };
}

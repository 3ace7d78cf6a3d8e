// How every action talks to the main process: an error envelope becomes plain words, never a thrown error.
import type { Args, Channel, RdpApi, Result } from '../../../shared/contract';
import { explainError } from '../lib/words';
import type { AppState } from './types';

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

export interface ActionContext {
  api: RdpApi;
  set: Set;
  get: Get;
  now: () => number;
  /** Calls a channel; an error envelope becomes a plain-words notice and null. */
  call: <C extends Channel>(channel: C, args: Args<C>, quiet?: boolean) => Promise<Result<C> | null>;
  /** Calls a channel; the caller shows the error where it belongs (a dialog, a field). */
  callOrError: <C extends Channel>(channel: C, args: Args<C>) => Promise<{ value: Result<C> } | { error: string }>;
}

export function actionContext(api: RdpApi, set: Set, get: Get, now: () => number): ActionContext {
  async function callOrError<C extends Channel>(channel: C, args: Args<C>): Promise<{ value: Result<C> } | { error: string }> {
    try {
      const envelope = await api.invoke(channel, args);
      return envelope.ok ? { value: envelope.value } : { error: explainError(envelope.error) };
    } catch (error) {
      return { error: explainError({ code: 'internal', message: String((error as Error)?.message ?? error) }) };
    }
  }
  async function call<C extends Channel>(channel: C, args: Args<C>, quiet = false): Promise<Result<C> | null> {
    const result = await callOrError(channel, args);
    if ('value' in result) return result.value;
    if (!quiet) get().notify('error', result.error);
    return null;
  }
  return { api, set, get, now, call, callOrError };
}

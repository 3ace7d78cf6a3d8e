// The one way the engine reaches Windows. PowerShellHost runs electron/engine/<script>.ps1; SimulatedHost runs
// the TypeScript model of the same script against its state. Both results go through the same schema.
import type { z } from 'zod';
import type { HostInfo, Json } from '../../shared/model';
import type { CallSpec, Derive } from './derived-input';

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HostAdapter {
  readonly kind: 'powershell' | 'simulated' | 'remote';
  /** How many scripts the host runs at once (one PowerShell session: 1). Unset: no limit of its own. */
  readonly concurrency?: number;
  info(): Promise<HostInfo>;
  /**
   * Runs one host script with `input` passed as data, and validates its one JSON object against `schema`.
   * A script that reports `{"error": {...}}` rejects with HostScriptError.
   */
  run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options?: RunOptions): Promise<z.output<S>>;
  /**
   * Two reads, the second's input completed from the first's answer (derived-input.ts), in one round trip: the
   * value is resolved on the host. Unset (a local host): the engine runs them in turn.
   */
  runDependent?<A, B>(first: CallSpec<A>, second: CallSpec<B> & { derive: Derive[] }, options?: RunOptions): Promise<[A, B]>;
  /** Makes state durable (the simulator's state file); a no-op on a real host. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class HostScriptError extends Error {
  constructor(
    readonly script: string,
    message: string,
    readonly type: string = 'ScriptError',
  ) {
    super(`${script}: ${message}`);
    this.name = 'HostScriptError';
  }
}

export class HostOutputError extends Error {
  constructor(
    readonly script: string,
    message: string,
  ) {
    super(`${script}: output does not match its schema: ${message}`);
    this.name = 'HostOutputError';
  }
}

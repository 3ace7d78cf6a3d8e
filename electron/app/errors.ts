// Maps what the engine throws to the contract's error envelope: a code, one sentence, and the field at fault.
import type { RpcError } from '../../shared/contract';
import { FixError } from '../engine/fixer';
import { ScenarioError } from '../hosts/simulated/scenarios';
import { HostOutputError, HostScriptError } from '../hosts/host-adapter';

export class ServiceError extends Error {
  constructor(
    readonly code: RpcError['code'],
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function toRpcError(err: unknown): RpcError {
  if (err instanceof ServiceError || err instanceof FixError) {
    return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  }
  if (err instanceof ScenarioError) return { code: 'bad-input', message: err.message, field: 'name' };
  if (err instanceof HostScriptError || err instanceof HostOutputError)
    return { code: 'internal', message: `The host could not run ${err.message}` };
  return { code: 'internal', message: `Internal error: ${err instanceof Error ? err.message : String(err)}` };
}

// Registry access on the simulated state. Windows compares key paths and value names case-insensitively
// but keeps the spelling they were created with; so does this.
import type { RegValue, WinState } from './state';

function findKey(state: WinState, path: string): string | undefined {
  const lower = path.toLowerCase();
  return Object.keys(state.registry).find((k) => k.toLowerCase() === lower);
}

function findName(values: Record<string, RegValue>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(values).find((n) => n.toLowerCase() === lower);
}

export function keyExists(state: WinState, path: string): boolean {
  return findKey(state, path) !== undefined;
}

export function getValue(state: WinState, path: string, name: string): RegValue | undefined {
  const key = findKey(state, path);
  if (key === undefined) return undefined;
  const values = state.registry[key]!;
  const n = findName(values, name);
  return n === undefined ? undefined : values[n];
}

export function getDword(state: WinState, path: string, name: string): number | undefined {
  const v = getValue(state, path, name);
  return v && typeof v.data === 'number' ? v.data : undefined;
}

export function setValue(state: WinState, path: string, name: string, value: RegValue): void {
  const key = findKey(state, path) ?? path;
  const values = (state.registry[key] ??= {});
  const n = findName(values, name) ?? name;
  values[n] = { type: value.type, data: Array.isArray(value.data) ? [...value.data] : value.data };
}

export function deleteValue(state: WinState, path: string, name: string): boolean {
  const key = findKey(state, path);
  if (key === undefined) return false;
  const values = state.registry[key]!;
  const n = findName(values, name);
  if (n === undefined) return false;
  delete values[n];
  return true;
}

/** Values under a key, for checks that list a whole key (policy overrides). */
export function listValues(state: WinState, path: string): Record<string, RegValue> {
  const key = findKey(state, path);
  return key === undefined ? {} : { ...state.registry[key] };
}

// A read whose input takes a value from an earlier read's answer (the RDP port from PortNumber, the custom
// certificate's thumbprint from its binding). A host reached over a slow link (WinRM, Azure Run Command) sends
// both reads in one batch and resolves the value on the host, between the two scripts; a local host runs them in
// turn and resolves it here. Both resolve it with the same rule, written twice: in TypeScript below (the local
// path, the simulated link) and in PowerShell in the composed batch (electron/reach/winrm/compose.ts). The rule is
// data only: a path into the earlier answer, an expected JSON type and a fallback, never script text.
import type { Json } from '../../shared/model';

export type JsonPath = (string | number)[];

export interface Derive {
  /** Where the value goes in this call's input (keys and array indexes; the last one is set). */
  into: JsonPath;
  /** Where it comes from in the earlier call's answer. */
  pick: JsonPath;
  /** The value's JSON type; anything else (absent, null, another type) takes `fallback`. */
  type: 'number' | 'string';
  fallback: number | string;
}

function step(node: unknown, key: string | number): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  if (typeof key === 'number') return Array.isArray(node) ? (node[key] as unknown) : undefined;
  return Array.isArray(node) ? undefined : (node as Record<string, unknown>)[key];
}

/** The value the rule picks from an answer (the fallback when it is not there or not of the type). */
export function pickDerived(answer: unknown, d: Derive): number | string {
  const value = d.pick.reduce<unknown>(step, answer);
  return typeof value === d.type ? (value as number | string) : d.fallback;
}

/** A copy of `input` with each derived value set from `answer`. */
export function applyDerived(input: Json, derives: Derive[], answer: unknown): Json {
  const out = structuredClone(input);
  for (const d of derives) {
    if (d.into.length === 0) throw new Error('derive: into must name a field');
    const parent = d.into.slice(0, -1).reduce<unknown>(step, out);
    const last = d.into[d.into.length - 1]!;
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent) !== (typeof last === 'number'))
      throw new Error(`derive: ${JSON.stringify(d.into)} is not a field of the input`);
    (parent as Record<string | number, Json>)[last] = pickDerived(answer, d);
  }
  return out;
}

/** One call of a dependent pair. */
export interface CallSpec<T> {
  script: string;
  input: Json;
  schema: import('zod').ZodType<T>;
}

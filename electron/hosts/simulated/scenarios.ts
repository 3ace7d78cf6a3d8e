// Scenario files: `healthy.json` holds a whole host; every other scenario is a JSON merge patch over its base,
// so each file shows only what is wrong in it, plus a one-line summary.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { scenariosRoot } from '../../paths';
import { WinState } from './state';

export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const ScenarioFile = z.object({
  summary: z.string().min(1),
  base: z.string().optional(),
  /** The check ids this scenario is expected to fail or warn; the test suite holds the engine to it. */
  expect: z.object({ failing: z.array(z.string()), topCauses: z.array(z.string()).optional() }).optional(),
  state: z.unknown().optional(),
  patch: z.unknown().optional(),
});
export type ScenarioFile = z.infer<typeof ScenarioFile>;

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const RELATIVE = /^now([+-]\d+)([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** Scenario dates are written relative ("now-10d") so an expired certificate stays expired whatever the day. */
export function resolveRelativeDates(value: unknown, now: Date): unknown {
  if (typeof value === 'string') {
    const m = RELATIVE.exec(value);
    return m ? new Date(now.getTime() + Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]).toISOString() : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRelativeDates(v, now));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRelativeDates(v, now)]));
  return value;
}

export function readScenarioFile(name: string, root = scenariosRoot()): ScenarioFile {
  if (!SCENARIO_NAME.test(name)) {
    throw new ScenarioError(`scenario: "${name.slice(0, 80)}" is not a scenario name (lowercase letters, digits and hyphens)`);
  }
  let text: string;
  try {
    text = readFileSync(path.join(root, `${name}.json`), 'utf8');
  } catch {
    throw new ScenarioError(`scenario: "${name}" does not exist; run "rdp-doctor scenarios" to list them`);
  }
  const parsed = ScenarioFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ScenarioError(`scenario file ${name}.json is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function loadScenario(name: string, now = new Date(), root = scenariosRoot(), seen: string[] = []): WinState {
  if (seen.includes(name)) throw new ScenarioError(`scenario ${name}: circular base chain ${[...seen, name].join(' -> ')}`);
  const file = readScenarioFile(name, root);
  let raw: unknown;
  if (file.base) raw = mergePatch(unresolved(file.base, root, [...seen, name]), file.patch ?? {});
  else raw = file.state;
  const clockNow = isObj(raw) && isObj(raw.clock) && typeof raw.clock.now === 'string' ? new Date(raw.clock.now) : now;
  const state = WinState.safeParse(resolveRelativeDates(raw, clockNow));
  if (!state.success) {
    const issue = state.error.issues[0];
    throw new ScenarioError(`scenario ${name}: state.${issue?.path.join('.')}: ${issue?.message}`);
  }
  return state.data;
}

function unresolved(name: string, root: string, seen: string[]): unknown {
  if (seen.includes(name)) throw new ScenarioError(`scenario: circular base chain ${[...seen, name].join(' -> ')}`);
  const file = readScenarioFile(name, root);
  return file.base ? mergePatch(unresolved(file.base, root, [...seen, name]), file.patch ?? {}) : file.state;
}

export function listScenarios(root = scenariosRoot()): { name: string; summary: string }[] {
  return readdirSync(root)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((n) => SCENARIO_NAME.test(n))
    .sort((a, b) => (a === 'healthy' ? -1 : b === 'healthy' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, summary: readScenarioFile(name, root).summary }));
}

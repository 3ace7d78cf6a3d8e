// The Windows PowerShell 5.1 command reference, indexed case-insensitively, as PowerShell resolves names.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_REFERENCE_PATH = fileURLToPath(new URL('./reference/powershell-5.1-cmdlets.json', import.meta.url));

interface RawCmdlet {
  parameters: string[];
  aliases: Record<string, string>;
  acceptedValues: Record<string, string[]>;
}

interface RawReference {
  aliases: Record<string, string>;
  aliasesOfCmdletsInOtherModules: Record<string, { module: string; target: string }>;
  aliasesToFunctions: Record<string, string>;
  builtinFunctions: string[];
  commonParameters: string[];
  commonParameterAliases: Record<string, string>;
  commonParameterAcceptedValues: Record<string, string[]>;
  riskMitigationParameters: string[];
  modules: Record<string, Record<string, RawCmdlet>>;
}

/** What a command accepts by name: parameter names, alias → parameter, and documented values. */
export interface ParameterSpec {
  names: string[];
  aliases: Record<string, string>;
  acceptedValues: Record<string, string[]>;
}

export interface CmdletInfo {
  name: string;
  module: string;
  spec: ParameterSpec;
}

export interface PsReference {
  cmdlet(name: string): CmdletInfo | undefined;
  /** Alias → command name (cmdlet or built-in function). */
  alias(name: string): string | undefined;
  isBuiltinFunction(name: string): boolean;
  /** Module of a cmdlet the reference knows only by an alias of it (LocalAccounts, PSWorkflow). */
  uncoveredModuleOf(name: string): string | undefined;
  commonParameters: ParameterSpec;
}

const lower = (s: string) => s.toLowerCase();

export function loadReference(file = DEFAULT_REFERENCE_PATH): PsReference {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawReference;
  const risk = new Set(raw.riskMitigationParameters.map(lower));
  const cmdlets = new Map<string, CmdletInfo>();
  for (const [module, entries] of Object.entries(raw.modules)) {
    for (const [name, c] of Object.entries(entries)) {
      const documented = new Set(c.parameters.map(lower));
      // WhatIf/Confirm are common parameters only where the cmdlet supports ShouldProcess.
      const common = raw.commonParameters.filter((p) => !risk.has(lower(p)) || documented.has(lower(p)));
      const commonAliases = Object.fromEntries(
        Object.entries(raw.commonParameterAliases).filter(([, target]) => !risk.has(lower(target)) || documented.has(lower(target))),
      );
      cmdlets.set(lower(name), {
        name,
        module,
        spec: {
          names: [...c.parameters, ...common.filter((p) => !documented.has(lower(p)))],
          aliases: { ...commonAliases, ...c.aliases },
          acceptedValues: { ...raw.commonParameterAcceptedValues, ...c.acceptedValues },
        },
      });
    }
  }
  const aliases = new Map<string, string>();
  for (const [a, t] of Object.entries({ ...raw.aliases, ...raw.aliasesToFunctions })) aliases.set(lower(a), t);
  const builtins = new Set(raw.builtinFunctions.map(lower));
  const uncovered = new Map<string, string>();
  for (const [a, { module, target }] of Object.entries(raw.aliasesOfCmdletsInOtherModules)) {
    uncovered.set(lower(a), module);
    uncovered.set(lower(target), module);
  }
  const commonParameters: ParameterSpec = {
    names: raw.commonParameters.filter((p) => !risk.has(lower(p))),
    aliases: Object.fromEntries(Object.entries(raw.commonParameterAliases).filter(([, t]) => !risk.has(lower(t)))),
    acceptedValues: raw.commonParameterAcceptedValues,
  };
  return {
    cmdlet: (name) => cmdlets.get(lower(name)),
    alias: (name) => aliases.get(lower(name)),
    isBuiltinFunction: (name) => builtins.has(lower(name)),
    uncoveredModuleOf: (name) => uncovered.get(lower(name)),
    commonParameters,
  };
}

let cached: PsReference | undefined;
export function defaultReference(): PsReference {
  cached ??= loadReference();
  return cached;
}

export type ParameterMatch =
  { kind: 'exact'; name: string } | { kind: 'prefix'; name: string } | { kind: 'ambiguous'; candidates: string[] } | { kind: 'unknown' };

/**
 * PowerShell's binder: an exact name or alias wins; otherwise a prefix that leads to exactly one parameter
 * is accepted (matched against names and aliases); several is an ambiguity error at run time.
 */
export function matchParameter(token: string, spec: ParameterSpec): ParameterMatch {
  const t = lower(token);
  const exact = spec.names.find((n) => lower(n) === t);
  if (exact) return { kind: 'exact', name: exact };
  const aliasHit = Object.entries(spec.aliases).find(([a]) => lower(a) === t);
  if (aliasHit) return { kind: 'exact', name: canonical(aliasHit[1], spec) };
  const hits = new Set<string>();
  for (const n of spec.names) if (lower(n).startsWith(t)) hits.add(n);
  for (const [a, target] of Object.entries(spec.aliases)) if (lower(a).startsWith(t)) hits.add(canonical(target, spec));
  if (hits.size === 1) return { kind: 'prefix', name: [...hits][0]! };
  if (hits.size > 1) return { kind: 'ambiguous', candidates: [...hits].sort() };
  return { kind: 'unknown' };
}

function canonical(name: string, spec: ParameterSpec): string {
  return spec.names.find((n) => lower(n) === lower(name)) ?? name;
}

export function acceptedValuesOf(parameter: string, spec: ParameterSpec): string[] | undefined {
  const key = Object.keys(spec.acceptedValues).find((k) => lower(k) === lower(parameter));
  return key === undefined ? undefined : spec.acceptedValues[key];
}

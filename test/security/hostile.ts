// Strings an attacker would try at any field that might reach PowerShell, a path or markup.
import fc from 'fast-check';
import type { z } from 'zod';

export const HOSTILE_SAMPLES: readonly string[] = [
  "x'; Remove-Item C:\\ -Recurse; '",
  'x"; Stop-Service TermService; "',
  '\u2018; calc; \u2019',
  '\u201a$(calc)\u201b',
  '\u201c$(calc)\u201d',
  '$(Start-Process calc)',
  '${env:ComputerName}',
  '`$(calc)`',
  '`n`r`0',
  'a; b | c & d && e',
  'line1\nline2\r\nline3',
  'nul\u0000byte',
  '@(1,2)|%{calc}',
  '-EncodedCommand ZQBjAGgAbwA=',
  '../../../../Windows/System32/config/SAM',
  '\\\\evil\\share\\x.ps1',
  '<script>alert(1)</script>',
  'Zürich-Ωμέγα-東京-🚀',
  '\u202egnp.exe',
  'A'.repeat(300),
  'B'.repeat(70_000),
  '',
  ' ',
];

const pieces = fc.constantFrom(
  "'",
  '"',
  '`',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  '$(',
  ')',
  '${',
  '}',
  ';',
  '|',
  '&',
  '\n',
  '\r',
  '\u0000',
  '<',
  '>',
  '%',
  '@',
  '#',
  '-',
  ' ',
  'calc',
  'Ω',
  '東',
  '🚀',
  '\\',
  '/',
);

/** Random mixtures of quote characters, sub-expressions, separators, control and non-ASCII characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_SAMPLES),
  fc.array(pieces, { minLength: 1, maxLength: 40 }).map((parts) => parts.join('')),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), pieces, fc.string({ maxLength: 20 })).map(([a, b, c]) => a + b + c),
);

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Paths (array elements as index 0) of every free-text string field of a schema; enums are not free text. */
export function stringPaths(schema: z.ZodType, prefix: (string | number)[] = []): (string | number)[][] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [prefix];
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      return stringPaths(def.innerType!, prefix);
    case 'array':
      return stringPaths(def.element!, [...prefix, 0]);
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, value]) => stringPaths(value, [...prefix, key]));
    default:
      return [];
  }
}

/** A deep copy of `value` with `path` set to `leaf`, creating a one-element array where the path needs one. */
export function withValueAt(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(value) && value.length > 0 ? [...value] : [undefined];
    arr[head] = withValueAt(arr[head], rest, leaf);
    return arr;
  }
  const obj = { ...(value as Record<string, unknown>) };
  obj[head!] = withValueAt(obj[head!], rest, leaf);
  return obj;
}

export function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value);
}

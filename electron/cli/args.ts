// Argument parsing for every command, with errors that name the flag and the expected form (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseTarget, type Target } from '../../shared/target';
import { CliInputError } from './io';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const msg = (err as Error).message;
    const flag = /'(-[^' ]+)/.exec(msg)?.[1] ?? 'arguments';
    throw new CliInputError(flag, `${msg.replace(/\. To specify a positional.*$/, '')}. Usage: ${usage}`);
  }
  refuseRepeated(parsed.tokens, options);
  const { values, positionals } = parsed;
  return { values, positionals };
}

/** A single-value option given twice (--fix a --fix b) would silently mean the last one: refused, naming it. */
function refuseRepeated(tokens: readonly { kind: string; name?: string; rawName?: string }[], options: ParseArgsConfig['options']): void {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    const spec = options?.[t.name];
    if (!spec || spec.type !== 'string' || spec.multiple) continue;
    if (seen.has(t.name)) throw new CliInputError(`--${t.name}`, `given more than once; give it once`);
    seen.add(t.name);
  }
}

export function intOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliInputError(flag, `expected a whole number from ${min} to ${max}, got "${value.slice(0, 40)}"`);
  }
  return Number(value);
}

/** Paths given on the command line: bounded, no NUL, no newline (they end up in messages and file APIs). */
export function pathOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > 1024 || /[\0\r\n]/.test(value)) {
    throw new CliInputError(flag, 'expected a file path (1 to 1024 characters, no control characters)');
  }
  return value;
}

/** --target HOST[:PORT]: the machine the technician connects to, checked for its form before anything runs. */
export function targetOption(text: string | undefined): Target | null {
  if (text === undefined) return null;
  const parsed = parseTarget(text, '--target');
  if (!parsed.ok) throw new CliInputError('--target', parsed.error);
  return parsed.target;
}

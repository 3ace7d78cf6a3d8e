// Lints Windows PowerShell 5.1 host scripts without Windows: tree-sitter parse, commands and parameters
// against the 5.1 reference, PowerShell 7-only syntax, input-as-code, and the host-script shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCommands, functionsIn, type FunctionSig } from './commands';
import { checkInjection } from './injection';
import { parsePowerShell } from './parse';
import { defaultReference, type PsReference } from './reference';
import { checkStructure } from './structure';
import { checkSyntax } from './syntax';
import type { LintFinding } from './types';
import { checkConsoleMembers, checkEventLogOverlap, checkNativePaths, checkReturnedArrays, checkSilentGetItem } from './windows-rules';

export interface LintOptions {
  /** Name used in findings. */
  file?: string;
  /**
   * 'lib' files are dot-sourced helpers: no host-script shape required. 'inline' scripts (first line
   * `# rdp-doctor: inline`) are sent as command text, so they take no parameter and dot-source nothing.
   */
  role?: 'script' | 'lib' | 'inline';
  reference?: PsReference;
  /** Functions every script can call (those of lib/*.ps1). */
  libFunctions?: Map<string, FunctionSig>;
  absPath?: string;
  engineRoot?: string;
}

export function lintSource(source: string, opts: LintOptions = {}): LintFinding[] {
  const file = opts.file ?? '<source>';
  const ref = opts.reference ?? defaultReference();
  const p = parsePowerShell(source);
  const functions = new Map([...(opts.libFunctions ?? []), ...functionsIn(p, ref.commonParameters)]);
  const findings = [
    ...checkSyntax(p, file),
    ...checkCommands(p, ref, functions, file),
    ...checkInjection(p, file),
    ...checkEventLogOverlap(p, file),
    ...checkNativePaths(p, ref, functions, file),
    ...checkSilentGetItem(p, file),
    ...checkConsoleMembers(p, file),
    ...checkReturnedArrays(p, file),
    ...((opts.role ?? 'script') === 'script' ? checkStructure(p, file, opts) : []),
  ];
  return findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

const INLINE_MARKER = '# rdp-doctor: inline';

function isInline(source: string): boolean {
  return source.replace(/^\uFEFF/, '').startsWith(INLINE_MARKER);
}

/** The functions defined in electron/engine/lib/*.ps1, which every script dot-sources. */
export function libraryFunctions(engineRoot: string, ref: PsReference = defaultReference()): Map<string, FunctionSig> {
  const out = new Map<string, FunctionSig>();
  const lib = path.join(engineRoot, 'lib');
  for (const f of listPs1(lib))
    for (const [k, v] of functionsIn(parsePowerShell(readFileSync(f, 'utf8')), ref.commonParameters)) out.set(k, v);
  return out;
}

export function listPs1(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listPs1(full));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.ps1')) out.push(full);
  }
  return out.sort();
}

/** Lints every .ps1 under engineRoot; paths in findings are relative to `relativeTo`. */
export function lintEngine(engineRoot: string, relativeTo = process.cwd()): { files: string[]; findings: LintFinding[] } {
  const ref = defaultReference();
  const root = path.resolve(engineRoot);
  const libFunctions = libraryFunctions(root, ref);
  const libDir = path.join(root, 'lib') + path.sep;
  const files = listPs1(root);
  const findings = files.flatMap((abs) =>
    lintSource(readFileSync(abs, 'utf8'), {
      file: path.relative(relativeTo, abs).split(path.sep).join('/'),
      role: abs.startsWith(libDir) ? 'lib' : isInline(readFileSync(abs, 'utf8')) ? 'inline' : 'script',
      reference: ref,
      libFunctions,
      absPath: abs,
      engineRoot: root,
    }),
  );
  return { files, findings };
}

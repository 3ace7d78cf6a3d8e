// The shape every host script shares (docs/dev/TEAM.md): the one input parameter, lib/rd-common.ps1
// dot-sourced, the body in a try/catch that reports through Write-RdError, and one Write-RdResult.
import path from 'node:path';
import { commandSite, stringLiteralValue } from './commands';
import { line, walk, type Node, type Parsed } from './parse';
import type { LintFinding } from './types';

const HEADER = 'param([Parameter(Mandatory = $true)][string]$InputBase64)';
const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();

export interface StructureOptions {
  /** Absolute path of the script and of electron/engine, to resolve the dot-sourced path. */
  absPath?: string;
  engineRoot?: string;
}

function topStatements(p: Parsed): Node[] {
  return (p.root.children.find((c) => c.type === 'statement_list')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
}

function commandOf(statement: Node): Node | null {
  if (statement.type !== 'pipeline') return null;
  const chain = statement.namedChildren[0];
  const cmd = chain?.type === 'pipeline_chain' ? chain.namedChildren[0] : undefined;
  return cmd?.type === 'command' ? cmd : null;
}

const CAN_FAIL = new Set(['command', 'invokation_expression', 'member_access', 'element_access', 'cast_expression', 'sub_expression']);

/** `$x = <literal>` cannot fail, so it may sit outside the try (a here-string of C# source, a lookup table). */
function isInertAssignment(statement: Node): boolean {
  const a = statement.type === 'pipeline' ? statement.namedChildren[0] : undefined;
  if (a?.type !== 'assignment_expression') return false;
  const value = a.childForFieldName('value');
  return !!value && ![...walk(value)].some((n) => CAN_FAIL.has(n.type));
}

function calls(n: Node, p: Parsed, name: string): boolean {
  for (const d of walk(n)) if (d.type === 'command' && commandSite(d, p).name?.toLowerCase() === name.toLowerCase()) return true;
  return false;
}

function isDotSourceOfCommon(statement: Node, p: Parsed): boolean {
  const cmd = commandOf(statement);
  return !!cmd && commandSite(cmd, p).operator === '.' && /rd-common\.ps1/i.test(p.text(cmd));
}

export function checkStructure(p: Parsed, file: string, opts: StructureOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (ln: number, rule: LintFinding['rule'], message: string) => out.push({ file, line: ln, rule, severity: 'error', message });
  const firstCode = p.root.namedChildren.find((c) => c.type !== 'comment');
  if (!firstCode || firstCode.type !== 'param_block' || squash(p.text(firstCode)) !== squash(HEADER)) {
    add(firstCode ? line(firstCode) : 1, 'script-header', `a host script must start with ${HEADER}`);
  }
  const statements = topStatements(p);
  const dot = statements.find((s) => isDotSourceOfCommon(s, p));
  if (!dot) {
    add(
      1,
      'dot-source',
      "a host script must dot-source lib/rd-common.ps1 at top level: . (Join-Path -Path $PSScriptRoot -ChildPath '..\\lib\\rd-common.ps1')",
    );
  } else if (opts.absPath && opts.engineRoot) {
    const rel = [...walk(dot)]
      .filter((n) => n.type === 'string_literal')
      .map((n) => stringLiteralValue(n, p))
      .find((v) => v && /rd-common\.ps1$/i.test(v));
    const expected = path.join(opts.engineRoot, 'lib', 'rd-common.ps1');
    const resolved = rel ? path.resolve(path.dirname(opts.absPath), rel.replace(/\\/g, '/')) : null;
    if (!/\$PSScriptRoot/i.test(p.text(dot)) || resolved !== expected) {
      const want = path.relative(path.dirname(opts.absPath), expected).replace(/\//g, '\\');
      add(
        line(dot),
        'dot-source',
        `the dot-sourced path does not reach lib/rd-common.ps1 from this folder: use Join-Path -Path $PSScriptRoot -ChildPath '${want}'`,
      );
    }
  }
  const tries = statements.filter((s) => s.type === 'try_statement');
  const guarded = tries.find((t) => t.children.some((c) => c.type === 'catch_clauses'));
  if (!guarded) {
    add(
      1,
      'try-catch',
      'the script body must be in a top-level try { } catch { Write-RdError -ErrorRecord $_ }, so a failure is one JSON error object, not text on stderr',
    );
  } else {
    const catches = guarded.children.find((c) => c.type === 'catch_clauses')!;
    if (!calls(catches, p, 'Write-RdError'))
      add(line(catches), 'try-catch', 'the catch block must report the error with Write-RdError -ErrorRecord $_');
  }
  for (const s of statements) {
    if (s === dot || s.type === 'try_statement' || s.type === 'function_statement' || s.type === 'empty_statement' || isInertAssignment(s))
      continue;
    add(line(s), 'try-catch', 'this statement runs outside the try/catch: move it inside, so its errors come back as JSON');
  }
  if (!calls(p.root, p, 'Write-RdResult')) add(1, 'write-result', 'a host script must print its one JSON object with Write-RdResult');
  return out;
}

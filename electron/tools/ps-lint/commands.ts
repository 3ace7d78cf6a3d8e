// Every command a script runs must exist on Windows PowerShell 5.1 (or be ours, or an allowlisted console
// tool), and every named parameter and literal value must be one that command accepts.
import { line, walk, type Node, type Parsed } from './parse';
import { acceptedValuesOf, matchParameter, type ParameterSpec, type PsReference } from './reference';
import type { LintFinding } from './types';

export const ALLOWED_EXECUTABLES = ['icacls', 'cmdkey', 'netsh', 'ipconfig', 'reg', 'certutil', 'takeown', 'secedit'];

/** Parameters that appeared after 5.1; named so the message says why, not just "unknown". */
const PS7_ONLY_PARAMETERS: Record<string, string[]> = {
  'foreach-object': ['Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'],
  'convertto-json': ['AsArray', 'EnumsAsStrings', 'EscapeHandling'],
  'convertfrom-json': ['AsHashtable', 'Depth', 'NoEnumerate'],
  'join-path': ['AdditionalChildPath'],
  'get-date': ['AsUTC'],
  'split-path': ['LeafBase', 'Extension'],
  'test-connection': ['TcpPort', 'TargetName'],
  'select-string': ['Raw', 'NoEmphasis'],
  'invoke-webrequest': ['SkipCertificateCheck', 'SslProtocol'],
  'invoke-restmethod': ['SkipCertificateCheck', 'SslProtocol'],
};

export interface FunctionSig {
  name: string;
  /** Declared parameters; common parameters are added for advanced functions. */
  spec: ParameterSpec;
}

export type Resolved =
  | { kind: 'cmdlet'; name: string; spec: ParameterSpec }
  | { kind: 'function'; name: string; spec: ParameterSpec }
  | { kind: 'builtin-function'; name: string }
  | { kind: 'executable'; name: string }
  | { kind: 'unknown'; name: string; hint?: string }
  | { kind: 'dynamic' };

export interface CommandSite {
  node: Node;
  /** `&` or `.` when the command is invoked through an operator. */
  operator: string | null;
  /** The literal command name as written, or null when it is computed. */
  name: string | null;
  nameNode: Node | null;
}

export function commandSite(cmd: Node, p: Parsed): CommandSite {
  const op = cmd.children.find((c) => c.type === 'command_invokation_operator');
  const nameNode =
    cmd.childForFieldName('command_name') ?? cmd.children.find((c) => c.type === 'command_name' || c.type === 'command_name_expr') ?? null;
  return { node: cmd, operator: op ? p.text(op) : null, name: nameNode ? literalCommandName(nameNode, p) : null, nameNode };
}

function literalCommandName(n: Node, p: Parsed): string | null {
  if (n.type === 'command_name') return p.text(n);
  if (n.type !== 'command_name_expr') return null;
  const inner = n.namedChildren[0];
  if (!inner) return null;
  if (inner.type === 'command_name') return p.text(inner);
  if (inner.type === 'string_literal') {
    const lit = stringLiteralValue(inner, p);
    return lit;
  }
  return null;
}

/** The value of a string literal without interpolation, or null when it interpolates. */
export function stringLiteralValue(n: Node, p: Parsed): string | null {
  const inner = n.type === 'string_literal' ? n.namedChildren[0] : n;
  if (!inner) return null;
  const t = p.text(inner);
  if (inner.type === 'verbatim_string_characters') return t.slice(1, -1).replace(/''/g, "'");
  if (inner.type === 'expandable_string_literal' && inner.namedChildCount === 0 && !t.includes('`')) return t.slice(1, -1);
  return null;
}

export function functionsIn(p: Parsed, common: ParameterSpec): Map<string, FunctionSig> {
  const out = new Map<string, FunctionSig>();
  for (const n of walk(p.root)) {
    if (n.type !== 'function_statement') continue;
    const nameNode = n.children.find((c) => c.type === 'function_name');
    if (!nameNode) continue;
    const name = p.text(nameNode).replace(/^(global|script|local|private):/i, '');
    out.set(name.toLowerCase(), { name, spec: functionSpec(n, p, common) });
  }
  return out;
}

function functionSpec(fn: Node, p: Parsed, common: ParameterSpec): ParameterSpec {
  const decl = fn.children.find((c) => c.type === 'function_parameter_declaration');
  const block = fn.children.find((c) => c.type === 'script_block')?.children.find((c) => c.type === 'param_block');
  const list = (decl ?? block)?.children.find((c) => c.type === 'parameter_list');
  const names: string[] = [];
  const aliases: Record<string, string> = {};
  let advanced = false;
  for (const attr of block ? block.namedChildren.filter((c) => c.type === 'attribute_list') : []) {
    if (/\[\s*CmdletBinding\b/i.test(p.text(attr))) advanced = true;
  }
  for (const param of list?.namedChildren.filter((c) => c.type === 'script_parameter') ?? []) {
    const v = param.namedChildren.find((c) => c.type === 'variable');
    if (!v) continue;
    const name = p.text(v).replace(/^\$/, '');
    names.push(name);
    const attrs = p.text(param);
    if (/\[\s*Parameter\s*\(/i.test(attrs)) advanced = true;
    const alias = /\[\s*Alias\s*\(([^)]*)\)/i.exec(attrs);
    for (const a of alias ? [...alias[1]!.matchAll(/'([^']+)'|"([^"]+)"/g)] : []) aliases[a[1] ?? a[2]!] = name;
  }
  if (!advanced) return { names, aliases, acceptedValues: {} };
  return { names: [...names, ...common.names], aliases: { ...common.aliases, ...aliases }, acceptedValues: { ...common.acceptedValues } };
}

export function resolveCommand(raw: string, ref: PsReference, functions: Map<string, FunctionSig>): Resolved {
  // A module-qualified name or a path: PowerShell looks at the last segment.
  const name = raw.split(/[\\/]/).pop() ?? raw;
  const key = name.toLowerCase();
  const aliasTarget = ref.alias(key);
  const target = aliasTarget ?? name;
  const fn = functions.get(target.toLowerCase());
  if (fn) return { kind: 'function', name: fn.name, spec: fn.spec };
  const cmdlet = ref.cmdlet(target);
  if (cmdlet) return { kind: 'cmdlet', name: cmdlet.name, spec: cmdlet.spec };
  if (ref.isBuiltinFunction(target)) return { kind: 'builtin-function', name: target };
  const exe = key.replace(/\.exe$/, '');
  if (ALLOWED_EXECUTABLES.includes(exe) && !aliasTarget) return { kind: 'executable', name: exe };
  const module = ref.uncoveredModuleOf(target);
  const hint = module
    ? `it is in module ${module}, which the 5.1 reference does not cover; use a covered cmdlet or a .NET API`
    : ALLOWED_EXECUTABLES.includes(exe)
      ? undefined
      : /\.exe$/i.test(name)
        ? `console tools allowed: ${ALLOWED_EXECUTABLES.join(', ')}`
        : undefined;
  return { kind: 'unknown', name, ...(hint ? { hint } : {}) };
}

/** Literal values of an argument: `Word`, `'a'`, `"a"`, `'a','b'`; null when any part is computed. */
export function literalValues(text: string): string[] | null {
  const t = text.trim();
  if (/^[A-Za-z0-9_.]+$/.test(t)) return [t];
  const item = /\s*('(?:[^']|'')*'|"[^"$`]*")\s*(,|$)/y;
  const out: string[] = [];
  let pos = 0;
  while (pos < t.length) {
    item.lastIndex = pos;
    const m = item.exec(t);
    if (!m) return null;
    const q = m[1]!;
    out.push(q.startsWith("'") ? q.slice(1, -1).replace(/''/g, "'") : q.slice(1, -1));
    pos = item.lastIndex;
    if (m[2] === '') break;
  }
  return out.length > 0 && pos >= t.length ? out : null;
}

function argumentAfter(param: Node): Node | null {
  for (let s = param.nextSibling; s; s = s.nextSibling) {
    if (s.type === 'command_argument_sep') continue;
    if (s.type === 'command_parameter' || s.type === 'redirection') return null;
    return s;
  }
  return null;
}

export function checkCommands(p: Parsed, ref: PsReference, functions: Map<string, FunctionSig>, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (n: Node, rule: LintFinding['rule'], message: string, severity: LintFinding['severity'] = 'error') =>
    out.push({ file, line: line(n), rule, severity, message });
  for (const cmd of walk(p.root)) {
    if (cmd.type !== 'command') continue;
    const site = commandSite(cmd, p);
    // Dot-sourcing a path is checked by the structure rules; a computed name cannot be resolved here.
    if (site.operator === '.' || site.name === null) continue;
    if (site.name.toLowerCase() === 'sc') {
      add(cmd, 'unknown-command', "'sc' is the Set-Content alias in PowerShell, not sc.exe: use Get-Service/Set-Service");
      continue;
    }
    const r = resolveCommand(site.name, ref, functions);
    if (r.kind === 'unknown') {
      add(
        cmd,
        'unknown-command',
        `'${site.name}' is not a Windows PowerShell 5.1 cmdlet, a function defined here or in lib/, or an allowed console tool${r.hint ? ` (${r.hint})` : ''}`,
      );
      continue;
    }
    if (r.kind === 'cmdlet' && r.name.toLowerCase() === 'invoke-expression') {
      add(cmd, 'invoke-expression', `${site.name}: Invoke-Expression runs text as code; call the cmdlet directly with the input as data`);
    }
    if (r.kind !== 'cmdlet' && r.kind !== 'function') continue;
    const used = new Set<string>();
    const elements = cmd.children.find((c) => c.type === 'command_elements');
    for (const el of elements?.children ?? []) {
      if (el.type !== 'command_parameter') continue;
      const written = p.text(el);
      const token = written.replace(/^-/, '').replace(/:$/, '');
      if (token === '' || token.startsWith('-')) continue;
      const m = matchParameter(token, r.spec);
      const what = `${r.name} -${token}`;
      if (m.kind === 'unknown') {
        const ps7 =
          r.kind === 'cmdlet'
            ? PS7_ONLY_PARAMETERS[r.name.toLowerCase()]?.find((x) => x.toLowerCase().startsWith(token.toLowerCase()))
            : undefined;
        if (ps7) add(el, 'ps7-syntax', `${r.name} -${ps7} exists only in PowerShell 7, not in Windows PowerShell 5.1`);
        else
          add(
            el,
            'unknown-parameter',
            `${what}: ${r.kind === 'cmdlet' ? 'no such parameter in Windows PowerShell 5.1' : `the function ${r.name} declares no such parameter`}`,
          );
        continue;
      }
      if (m.kind === 'ambiguous') {
        add(el, 'ambiguous-parameter', `${what} is ambiguous: it could be ${m.candidates.map((c) => `-${c}`).join(', ')}`);
        continue;
      }
      if (m.kind === 'prefix') add(el, 'parameter-prefix', `${what} abbreviates -${m.name}: write the full name`, 'warning');
      used.add(m.name.toLowerCase());
      const accepted = acceptedValuesOf(m.name, r.spec);
      const arg = argumentAfter(el);
      if (!accepted || !arg) continue;
      const values = literalValues(p.text(arg));
      for (const v of values ?? []) {
        for (const part of v.split(',').map((s) => s.trim())) {
          if (!accepted.some((a) => a.toLowerCase() === part.toLowerCase())) {
            add(arg, 'accepted-value', `${r.name} -${m.name} '${part}' is not an accepted value (${accepted.join(', ')})`);
          }
        }
      }
    }
    if (r.kind === 'cmdlet' && r.name === 'ConvertTo-Json' && !(used.has('inputobject') && used.has('depth'))) {
      add(
        cmd,
        'convertto-json',
        'ConvertTo-Json needs -InputObject (piping unrolls one-element arrays) and -Depth (the default 2 truncates); or use Write-RdResult',
        'warning',
      );
    }
  }
  return out;
}

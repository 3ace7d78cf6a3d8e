// Input arrives as data ($InputBase64 → $in) and must stay data: text derived from it must never be compiled
// or run as script. Taint follows plain assignments and foreach variables to a fixed point, which is enough
// for scripts of this size.
import { commandSite } from './commands';
import { line, variableName, walk, type Node, type Parsed } from './parse';
import type { LintFinding } from './types';

const SOURCES = ['in', 'inputbase64'];

function variablesIn(n: Node, p: Parsed): string[] {
  const out: string[] = [];
  for (const d of walk(n)) if (d.type === 'variable') out.push(variableName(p.text(d)));
  return out;
}

export function taintedVariables(p: Parsed): Set<string> {
  const tainted = new Set(SOURCES);
  const flows: { target: string; from: Node }[] = [];
  for (const n of walk(p.root)) {
    if (n.type === 'assignment_expression') {
      const left = n.children.find((c) => c.type === 'left_assignment_expression');
      const right = n.childForFieldName('value') ?? n.children[n.children.length - 1];
      const target = left ? variablesIn(left, p)[0] : undefined;
      if (target && right) flows.push({ target, from: right });
    } else if (n.type === 'foreach_statement') {
      const v = n.children.find((c) => c.type === 'variable');
      const coll = n.children.find((c) => c.type === 'pipeline');
      if (v && coll) flows.push({ target: variableName(p.text(v)), from: coll });
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const f of flows) {
      if (tainted.has(f.target)) continue;
      if (variablesIn(f.from, p).some((v) => tainted.has(v))) {
        tainted.add(f.target);
        changed = true;
      }
    }
  }
  return tainted;
}

function isScriptBlockCreate(n: Node, p: Parsed): boolean {
  if (n.type !== 'invokation_expression') return false;
  const t = p.text(n).replace(/\s+/g, '').toLowerCase();
  return /^\[(system\.management\.automation\.)?scriptblock\]::create\(/.test(t);
}

function isExpandOrInvokeScript(n: Node, p: Parsed): boolean {
  if (n.type !== 'invokation_expression') return false;
  return /\$executioncontext\.invokecommand\.(expandstring|invokescript|newscriptblock)\(/.test(
    p.text(n).replace(/\s+/g, '').toLowerCase(),
  );
}

export function checkInjection(p: Parsed, file: string): LintFinding[] {
  const tainted = taintedVariables(p);
  const out: LintFinding[] = [];
  const usesInput = (n: Node) => variablesIn(n, p).some((v) => tainted.has(v));
  for (const n of walk(p.root)) {
    if ((isScriptBlockCreate(n, p) || isExpandOrInvokeScript(n, p)) && usesInput(n.children.find((c) => c.type === 'argument_list') ?? n)) {
      out.push({
        file,
        line: line(n),
        rule: 'script-injection',
        severity: 'error',
        message: 'script text built from the input ($in) is compiled as code: pass the value as a parameter instead',
      });
    }
    if (n.type === 'command') {
      const site = commandSite(n, p);
      if (site.name === null && site.nameNode && usesInput(site.nameNode)) {
        out.push({
          file,
          line: line(n),
          rule: 'script-injection',
          severity: 'error',
          message: 'the command to run is taken from the input ($in): choose it from a fixed list instead',
        });
      }
    }
  }
  return out;
}

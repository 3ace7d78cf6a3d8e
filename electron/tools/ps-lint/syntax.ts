// Parse errors and PowerShell 7-only syntax. The grammar knows `&&`/`||` but fails on `??`, `?.` and the
// ternary, so those are found lexically on the code with comments and strings blanked, and the parse error
// on the same line is left out in favour of the precise message.
import { line, variableName, walk, type Node, type Parsed } from './parse';
import type { LintFinding } from './types';

const COMMA_HINT = "tree-sitter-powershell cannot parse a bare comma list as a command argument: quote the items (-Property 'A','B')";

/** The source with comments, strings and bareword arguments replaced by spaces (offsets kept). */
function codeOnly(p: Parsed): string {
  const chars = p.source.split('');
  for (const n of walk(p.root)) {
    if (n.type === 'comment' || n.type === 'string_literal' || n.type === 'generic_token') {
      for (let i = n.startIndex; i < n.endIndex; i++) if (chars[i] !== '\n') chars[i] = ' ';
    }
  }
  return chars.join('');
}

function lineAt(source: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) n++;
  return n;
}

const LEXICAL: { re: RegExp; message: string }[] = [
  { re: /\?\?/g, message: 'the null-coalescing operator ?? / ??= is PowerShell 7 only: use if ($null -eq $x) { ... }' },
  { re: /(?<=[\w)\]}])\?(?=[.[])/g, message: 'null-conditional member access ?. / ?[] is PowerShell 7 only: test for $null first' },
  { re: /&&|\|\|/g, message: 'pipeline chain operators && and || are PowerShell 7 only: use if and $? or -and/-or' },
  { re: /(?<=[{}]\s*)\bclean\s*\{/gi, message: 'the clean {} block is PowerShell 7.3+ only: use try/finally' },
];

function ps7Lexical(p: Parsed, file: string): LintFinding[] {
  const code = codeOnly(p);
  const out: LintFinding[] = [];
  const add = (offset: number, message: string) =>
    out.push({ file, line: lineAt(code, offset), rule: 'ps7-syntax', severity: 'error', message });
  for (const { re, message } of LEXICAL) for (const m of code.matchAll(re)) add(m.index, message);
  // A standalone `?` is Where-Object at the start of a pipeline element, otherwise the ternary operator.
  for (const m of code.matchAll(/(?<=\s)\?(?=\s)/g)) {
    const before = code.slice(0, m.index).trimEnd();
    const prev = before[before.length - 1];
    if (prev !== undefined && !'|{(;\n'.includes(prev) && !/\n\s*$/.test(code.slice(0, m.index))) {
      add(m.index, 'the ternary operator ?: is PowerShell 7 only: use if/else');
    }
  }
  for (const n of walk(p.root)) {
    if (n.type === 'variable' && variableName(p.text(n)) === 'psstyle') {
      out.push({ file, line: line(n), rule: 'ps7-syntax', severity: 'error', message: '$PSStyle exists only in PowerShell 7.2+' });
    }
  }
  return out;
}

/** Where inside an ERROR node the parser actually stumbled. */
function errorSpot(n: Node): Node {
  const inner = n.children.find((c) => c.type === 'ERROR' || c.isMissing);
  if (inner) return inner.type === 'ERROR' ? errorSpot(inner) : inner;
  return n.children.find((c) => !c.isNamed) ?? n;
}

function parseErrors(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  const visit = (n: Node) => {
    if (n.type === 'ERROR' || n.isMissing) {
      const spot = n.isMissing ? n : errorSpot(n);
      const text = p.text(spot).trim().slice(0, 40);
      const next = spot.nextSibling ? p.text(spot.nextSibling) : '';
      const comma = text === ',' || (spot.isMissing && next.startsWith(','));
      const what = spot.isMissing ? `missing ${spot.type}` : `unexpected ${JSON.stringify(text || spot.type)}`;
      out.push({
        file,
        line: line(spot),
        rule: 'parse',
        severity: 'error',
        message: `parse error: ${what}${comma ? ` (${COMMA_HINT})` : ''}`,
      });
      if (n.type === 'ERROR') return;
    }
    for (const c of n.children) visit(c);
  };
  visit(p.root);
  return out;
}

export function checkSyntax(p: Parsed, file: string): LintFinding[] {
  const ps7 = ps7Lexical(p, file);
  const ps7Lines = new Set(ps7.map((f) => f.line));
  return [...parseErrors(p, file).filter((f) => !ps7Lines.has(f.line)), ...ps7];
}

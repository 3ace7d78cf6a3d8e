// tree-sitter-powershell, with one workaround for a grammar gap, and small helpers over its nodes.
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';

export type Node = Parser.SyntaxNode;

let parser: Parser | undefined;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(PowerShell);
  }
  return parser;
}

/**
 * The grammar's command_parameter token has no digits (airbus-cert/tree-sitter-powershell#59), so a valid
 * `-InputBase64 $x` splits into `-InputBase` and a bogus redirection `64`. Digits inside such tokens are
 * replaced by letters before parsing; the replacement keeps every offset, and all text is read back from the
 * original source, so findings still quote what was written.
 */
export function maskDigitParameters(source: string): string {
  return source.replace(
    /(^|[\s(;{|])(-[A-Za-z_][A-Za-z0-9_]*[0-9][A-Za-z0-9_]*)(?=[\s:;)|}]|$)/g,
    (_m, lead: string, tok: string) => lead + tok.replace(/[0-9]/g, 'd'),
  );
}

export interface Parsed {
  source: string;
  root: Node;
  /** The original text of a node (node.text would show the masked text). */
  text(node: Node): string;
}

export function parsePowerShell(source: string): Parsed {
  const tree = getParser().parse(maskDigitParameters(source));
  return { source, root: tree.rootNode, text: (n) => source.slice(n.startIndex, n.endIndex) };
}

export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

export function line(node: Node): number {
  return node.startPosition.row + 1;
}

/** `$script:Foo`, `${foo}` → `foo`. */
export function variableName(text: string): string {
  let t = text.replace(/^[$@]/, '');
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  return t.replace(/^(global|script|local|private|using):/i, '').toLowerCase();
}

export function ancestor(node: Node, type: string): Node | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === type) return p;
  return null;
}

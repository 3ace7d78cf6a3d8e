// Rules for what only a real Windows host shows: Get-WinEvent's LogName+ProviderName pair, which silently
// drops events (GetWinEventCommand writes the non-terminating LogsAndProvidersDontOverlap when the provider's
// metadata does not list the log, and -ErrorAction SilentlyContinue swallows it); and console tools called by
// bare name, which PowerShell resolves through the current folder's neighbours and $env:Path (a planted
// icacls.exe earlier in the path runs elevated).
import { commandSite, literalValues, resolveCommand, type FunctionSig } from './commands';
import { line, walk, type Node, type Parsed } from './parse';
import type { PsReference } from './reference';
import type { LintFinding } from './types';

/** The keys of a hashtable literal, lower-case (`@{ LogName = 'x'; 'ProviderName' = 'y' }`). */
function hashKeys(h: Node, p: Parsed): string[] {
  const out: string[] = [];
  for (const n of walk(h)) {
    if (n.type !== 'hash_entry') continue;
    const key = n.namedChildren[0];
    if (key)
      out.push(
        p
          .text(key)
          .replace(/^['"]|['"]$/g, '')
          .toLowerCase(),
      );
  }
  return out;
}

function parametersOf(cmd: Node, p: Parsed): string[] {
  const elements = cmd.children.find((c) => c.type === 'command_elements');
  return (elements?.children ?? [])
    .filter((c) => c.type === 'command_parameter')
    .map((c) => p.text(c).replace(/^-/, '').replace(/:$/, '').toLowerCase());
}

const OVERLAP =
  'Get-WinEvent with LogName and ProviderName together drops events without an error when the provider does not list that log (LogsAndProvidersDontOverlap): query the log with -FilterXPath "*[System[Provider[@Name=\'...\']]]" instead';

export function checkEventLogOverlap(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (n: Node) => out.push({ file, line: line(n), rule: 'event-log-overlap', severity: 'error', message: OVERLAP });
  let logNameHash = false;
  for (const n of walk(p.root)) {
    if (n.type === 'command' && commandSite(n, p).name?.toLowerCase() === 'get-winevent') {
      const params = parametersOf(n, p);
      if (params.some((x) => 'logname'.startsWith(x) && x.length >= 3) && params.some((x) => 'providername'.startsWith(x) && x.length >= 3))
        add(n);
    }
    if (n.type === 'hash_literal_expression') {
      const keys = hashKeys(n, p);
      if (keys.includes('logname')) {
        logNameHash = true;
        if (keys.includes('providername')) add(n);
      }
    }
  }
  // `$filter = @{ LogName = ... }` then `$filter['ProviderName'] = ...` (or `.ProviderName =`): the same pair.
  if (logNameHash) {
    for (const n of walk(p.root)) {
      if (n.type !== 'assignment_expression') continue;
      const left = n.namedChildren[0];
      if (left && /(\[\s*['"]ProviderName['"]\s*\]|\.ProviderName)$/i.test(p.text(left))) add(n);
    }
  }
  return out;
}

/** A literal Windows path: drive-rooted or UNC. */
const ROOTED = /^([A-Za-z]:\\|\\\\)/;

function argumentOf(cmd: Node, parameter: string, p: Parsed): Node | null {
  const elements = cmd.children.find((c) => c.type === 'command_elements');
  const kids = elements?.children ?? [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (k.type !== 'command_parameter' || p.text(k).replace(/^-/, '').replace(/:$/, '').toLowerCase() !== parameter) continue;
    for (let j = i + 1; j < kids.length; j++) if (kids[j]!.type !== 'command_argument_sep') return kids[j]!;
  }
  return null;
}

const FULL_PATH = `call console tools by full path: Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe'), which is $env:SystemRoot\\System32\\icacls.exe`;

export function checkNativePaths(p: Parsed, ref: PsReference, functions: Map<string, FunctionSig>, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (n: Node, what: string) =>
    out.push({ file, line: line(n), rule: 'native-full-path', severity: 'error', message: `${what}: ${FULL_PATH}` });
  for (const cmd of walk(p.root)) {
    if (cmd.type !== 'command') continue;
    const site = commandSite(cmd, p);
    if (site.operator === '.' || site.name === null) continue;
    if (!site.name.includes('\\') && resolveCommand(site.name, ref, functions).kind === 'executable')
      add(cmd, `'${site.name}' by bare name`);
    const lower = site.name.toLowerCase();
    if (lower !== 'invoke-rdnative' && lower !== 'start-process') continue;
    const arg = argumentOf(cmd, 'filepath', p);
    const values = arg ? literalValues(p.text(arg)) : null;
    for (const value of values ?? []) if (!ROOTED.test(value)) add(arg!, `${site.name} -FilePath '${value}' by bare name`);
  }
  return out;
}

const SILENT = /^(SilentlyContinue|Ignore)$/i;

/** Listing cmdlets whose "not found" is a normal answer: silent only with an -ErrorVariable the script examines. */
const LISTING = new Set(['get-childitem', 'gci', 'dir', 'ls']);

/** The -ErrorVariable of `cmd` when the script reads it again as `$name` (beyond the command itself). */
function examinedErrorVariable(cmd: Node, p: Parsed): boolean {
  const arg = argumentOf(cmd, 'errorvariable', p) ?? argumentOf(cmd, 'ev', p);
  const name = arg ? literalValues(p.text(arg))?.[0]?.replace(/^\+/, '') : undefined;
  if (!name || !/^\w+$/.test(name)) return false;
  const uses = (text: string) => (text.match(new RegExp(`\\$${name}\\b`, 'gi')) ?? []).length;
  return uses(p.text(p.root)) > uses(p.text(cmd));
}

/**
 * Get-Item / Get-ItemProperty -ErrorAction SilentlyContinue answer $null for "access denied" as for "not found";
 * Get-ChildItem likewise answers an empty list. The listing may stay silent only when its -ErrorVariable is
 * examined afterwards (classified: PathNotFound vs PermissionDenied), so an unreadable item is reported.
 */
export function checkSilentGetItem(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  for (const cmd of walk(p.root)) {
    if (cmd.type !== 'command') continue;
    const name = commandSite(cmd, p).name?.toLowerCase();
    const listing = name !== undefined && LISTING.has(name);
    if (name !== 'get-item' && name !== 'get-itemproperty' && !listing) continue;
    const arg = argumentOf(cmd, 'erroraction', p) ?? argumentOf(cmd, 'ea', p);
    const values = arg ? literalValues(p.text(arg)) : null;
    if (!values?.some((v) => SILENT.test(v))) continue;
    if (listing && examinedErrorVariable(cmd, p)) continue;
    out.push({
      file,
      line: line(cmd),
      rule: 'silent-get-item',
      severity: 'error',
      message: listing
        ? 'Get-ChildItem -ErrorAction SilentlyContinue reports "access denied" as "empty": add -ErrorVariable and classify it (PathNotFound is absent; PermissionDenied is unreadable)'
        : `${name === 'get-item' ? 'Get-Item' : 'Get-ItemProperty'} -ErrorAction SilentlyContinue reports "access denied" as "does not exist": use Get-RdItemOrNull or Get-RdRegistryValue (absent only when not found)`,
    });
  }
  return out;
}

/**
 * [Console]::... is refused in ConstrainedLanguage (a script AppLocker/WDAC do not trust), and setting
 * [Console]::OutputEncoding to UTF-8 makes 5.1 decode the OEM-code-page output of icacls, reg and cmdkey as
 * UTF-8, garbling every German, French or Japanese message. Write-RdResult prints ASCII JSON instead.
 */
export function checkConsoleMembers(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  for (const n of walk(p.root)) {
    if (n.type !== 'type_literal') continue;
    if (!/^\[\s*(System\.)?Console\s*\]$/i.test(p.text(n))) continue;
    out.push({
      file,
      line: line(n),
      rule: 'console-member',
      severity: 'error',
      message:
        '[Console] members fail in ConstrainedLanguage, and [Console]::OutputEncoding = UTF8 garbles localized console-tool output: leave the console alone (Write-RdResult writes ASCII JSON)',
    });
  }
  return out;
}

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

const FULL_PATH = `call console tools by full path: Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe'), icacls.exe in the System32 folder Windows names ([Environment]::SystemDirectory), never $env:SystemRoot`;

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

/** ActionPreference values that hide an error: by name, by number (0 SilentlyContinue, 4 Ignore) or as [enum]::Name. */
const SILENT = /^(SilentlyContinue|Ignore|0|4)$|::\s*(SilentlyContinue|Ignore)\b/i;

/** Listing cmdlets whose "not found" is a normal answer: silent only with an -ErrorVariable the script examines. */
const LISTING = new Set(['get-childitem', 'gci', 'dir', 'ls']);

/** Read cmdlets beyond Get-*: their silence turns "access denied" into "nothing there" just the same. */
const OTHER_READS = new Set(['invoke-cimmethod', 'gwmi', 'gcim', 'gsv', 'gps', 'gp', 'gi']);

/**
 * The escape hatch, on the same line as the command: `# ps-lint: allow-silent <reason>`, the reason saying why an
 * error may pass unseen (e.g. a clean-up of our own temp file). A marker without a reason does not count.
 */
export const ALLOW_SILENT = /#\s*ps-lint:\s*allow-silent\s+\S.{7,}$/;

/** The -ErrorVariable of `cmd` when the script reads it again as `$name` (beyond the command itself). */
function examinedErrorVariable(cmd: Node, p: Parsed): boolean {
  const arg = argumentOf(cmd, 'errorvariable', p) ?? argumentOf(cmd, 'ev', p);
  const name = arg ? literalValues(p.text(arg))?.[0]?.replace(/^\+/, '') : undefined;
  if (!name || !/^\w+$/.test(name)) return false;
  const uses = (text: string) => (text.match(new RegExp(`\\$${name}\\b`, 'gi')) ?? []).length;
  return uses(p.text(p.root)) > uses(p.text(cmd));
}

/** The -ErrorAction value of `cmd` as written (`-ErrorAction X`, `-EA X`, `-ErrorAction:X`), or null. */
function errorActionText(cmd: Node, p: Parsed): string | null {
  const elements = cmd.children.find((c) => c.type === 'command_elements');
  const kids = elements?.children ?? [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (k.type !== 'command_parameter') continue;
    const [rawName, ...rest] = p.text(k).replace(/^-/, '').split(':');
    const name = rawName!.toLowerCase();
    // 'ea' is the alias; 'errora' is the shortest prefix that is not also -ErrorVariable's.
    if (name !== 'ea' && !(name.length >= 6 && 'erroraction'.startsWith(name))) continue;
    if (rest.length > 0 && rest.join(':') !== '') return rest.join(':');
    for (let j = i + 1; j < kids.length; j++) if (kids[j]!.type !== 'command_argument_sep') return p.text(kids[j]!);
  }
  return null;
}

function isSilent(text: string | null): boolean {
  if (text === null) return false;
  const values = literalValues(text) ?? [text.trim()];
  return values.some((v) => SILENT.test(v.trim()));
}

function allowedOnLine(cmd: Node, p: Parsed, source: string[]): boolean {
  const first = line(cmd);
  const last = first + (p.text(cmd).match(/\n/g) ?? []).length;
  for (let l = first; l <= last; l++) if (ALLOW_SILENT.test(source[l - 1] ?? '')) return true;
  return false;
}

const SILENT_READ = (name: string) =>
  `${name} -ErrorAction SilentlyContinue/Ignore reports "access denied" or any other error as "nothing there": use -ErrorAction Stop in a try and classify the error by FullyQualifiedErrorId (Get-RdErrorClass; only the cmdlet's not-found id means absent), or -ErrorVariable examined afterwards; where an unseen error is truly harmless, end the line with "# ps-lint: allow-silent <reason>"`;

/**
 * A read cmdlet (Get-*, Invoke-CimMethod) with -ErrorAction SilentlyContinue / Ignore answers $null or an empty
 * list for "access denied" as for "not found", so a check passes or calls something missing on a guess. Allowed
 * only with an -ErrorVariable the script examines afterwards, or a same-line `# ps-lint: allow-silent <reason>`.
 * Get-Item / Get-ItemProperty have their own message (Get-RdItemOrNull is the answer there).
 */
export function checkSilentGetItem(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  const source = p.text(p.root).split('\n');
  for (const cmd of walk(p.root)) {
    if (cmd.type !== 'command') continue;
    const name = commandSite(cmd, p).name?.toLowerCase();
    if (name === undefined || (!name.startsWith('get-') && !LISTING.has(name) && !OTHER_READS.has(name))) continue;
    if (!isSilent(errorActionText(cmd, p)) || allowedOnLine(cmd, p, source) || examinedErrorVariable(cmd, p)) continue;
    const listing = LISTING.has(name);
    const item = name === 'get-item' || name === 'get-itemproperty';
    out.push({
      file,
      line: line(cmd),
      rule: item || listing ? 'silent-get-item' : 'silent-read',
      severity: 'error',
      message: listing
        ? 'Get-ChildItem -ErrorAction SilentlyContinue reports "access denied" as "empty": add -ErrorVariable and classify it (PathNotFound is absent; PermissionDenied is unreadable)'
        : item
          ? `${name === 'get-item' ? 'Get-Item' : 'Get-ItemProperty'} -ErrorAction SilentlyContinue reports "access denied" as "does not exist": use Get-RdItemOrNull or Get-RdRegistryValue (absent only when not found)`
          : SILENT_READ(commandSite(cmd, p).name!),
    });
  }
  out.push(...checkSilentPreference(p, file));
  return out;
}

/** `$ErrorActionPreference = 'SilentlyContinue'` silences every read after it, the same mistake in bulk. */
function checkSilentPreference(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  for (const n of walk(p.root)) {
    if (n.type !== 'assignment_expression') continue;
    const [left, ...rest] = n.namedChildren;
    if (!left || !/^\$(\w+:)?ErrorActionPreference$/i.test(p.text(left).trim())) continue;
    const value = rest.at(-1);
    if (!value || !isSilent(p.text(value))) continue;
    out.push({
      file,
      line: line(n),
      rule: 'silent-read',
      severity: 'error',
      message:
        "$ErrorActionPreference = 'SilentlyContinue' hides every error after it, so an unreadable item reads as absent: keep 'Stop' (rd-common.ps1) and classify errors where not-found is a normal answer",
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

/** The escape hatch for a returned array only ever iterated (never put into the result), with its reason. */
export const ALLOW_UNROLLED = /#\s*ps-lint:\s*allow-unrolled\s+\S.{7,}$/;

/**
 * `return @(...)` hands the array to the pipeline, which unrolls it: a one-element list comes back as the element
 * itself and serializes as a string, not a one-element array (PowerShell/PowerShell#11857), so a schema that expects
 * an array rejects the script's whole output. `return ,@(...)` (or `,$list`) keeps the array.
 */
export function checkReturnedArrays(p: Parsed, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  p.text(p.root)
    .split(/\r?\n/)
    .forEach((text, i) => {
      const code = text.replace(/#.*$/, '');
      if (!/(^|[\s{;])return\s+@\(/i.test(code) || ALLOW_UNROLLED.test(text)) return;
      out.push({
        file,
        line: i + 1,
        rule: 'returned-array',
        severity: 'error',
        message:
          'return @(...) is unrolled by the pipeline: a one-element list arrives as a scalar and serializes as a string; return ,@(...) keeps it an array (or end the line with "# ps-lint: allow-unrolled <reason>" when the caller only iterates it)',
      });
    });
  return out;
}

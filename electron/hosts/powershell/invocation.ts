// How a script and its input become the one line of text the PowerShell session runs. The input travels as
// base64 of JSON inside a single-quoted literal: the base64 alphabet has no quote, no $ and no backtick, so
// no value can end the literal or be expanded (node-powershell's $ template is not safe: child-shell#150).
import type { Json } from '../../../shared/model';

const BASE64 = /^[A-Za-z0-9+/=]*$/;

/** Single-quoted PowerShell literal. PowerShell also ends quotes at U+2018..U+201B, so those are doubled too. */
export function psSingleQuoted(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

export function encodeInput(input: Json): string {
  return Buffer.from(JSON.stringify(input), 'utf8').toString('base64');
}

export function buildInvocation(scriptPath: string, input: Json): string {
  const b64 = encodeInput(input);
  if (!BASE64.test(b64)) throw new Error('internal: base64 encoding produced an unexpected character');
  return `& ${psSingleQuoted(scriptPath)} -InputBase64 ${psSingleQuoted(b64)}`;
}

/**
 * A script sent as command text instead of run as a file: for the probe that must answer where script files
 * cannot run (AllSigned/Restricted by Group Policy; execution policy does not apply to commands typed into the
 * session). One line, so `-Command -` never waits for a continuation; every line of the file and every variable
 * value travels as a single-quoted literal (data), joined with [char]10 (a cast to a core type, allowed in CLM).
 */
export function buildInlineInvocation(scriptText: string, variables: Record<string, string>): string {
  const assignments = Object.entries(variables).map(([name, value]) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`internal: bad variable name ${name}`);
    return `$${name} = ${psSingleQuoted(value)}`;
  });
  // The Authenticode block of a signed file is a long comment that only matters for files: left out.
  const body = scriptText.replace(/^\uFEFF/, '').replace(/\r?\n# SIG # Begin signature block[\s\S]*$/, '');
  // In a script block of its own, so nothing it sets ($ErrorActionPreference, its variables) stays in the session.
  const lines = ['& {', ...assignments, ...body.split(/\r?\n/), '}'];
  return `Invoke-Expression -Command ((${lines.map(psSingleQuoted).join(', ')}) -join [char]10)`;
}

/** The one JSON object a script prints; anything else is a script bug reported as such. */
/** A field of a script's error object as text: strings as they are, anything else as its JSON, absent as the fallback. */
function scalarText(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function parseScriptOutput(
  script: string,
  raw: string,
): { ok: true; value: unknown } | { ok: false; message: string; type: string } {
  const text = raw.replace(/^\uFEFF/, '').trim();
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  // An error PowerShell itself wrote (the session folds it into stdout): the script was blocked (execution
  // policy: UnauthorizedAccess) or threw before its own catch. Its FullyQualifiedErrorId line is not localized.
  const fqid = lines.map((l) => /^\s*\+\s*FullyQualifiedErrorId\s*:\s*(\S+)/.exec(l)?.[1]).find(Boolean);
  if (fqid && lines.length > 1) {
    return { ok: false, type: fqid, message: `PowerShell refused or stopped the script (${fqid}): ${lines[0]!.slice(0, 300)}` };
  }
  if (lines.length !== 1) {
    return { ok: false, type: 'OutputError', message: `expected one JSON line, got ${lines.length} lines: ${text.slice(0, 200)}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(lines[0]!);
  } catch {
    return { ok: false, type: 'OutputError', message: `output is not JSON: ${lines[0]!.slice(0, 200)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, type: 'OutputError', message: 'output is not a JSON object' };
  }
  const err = (value as { error?: { message?: unknown; type?: unknown } }).error;
  if (err && typeof err === 'object') {
    return { ok: false, type: scalarText(err.type, 'ScriptError'), message: scalarText(err.message, 'the script reported an error') };
  }
  return { ok: true, value };
}

export function describeScript(script: string): string {
  return script;
}

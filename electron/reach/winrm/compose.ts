// The PowerShell text the real WinRM transport sends to the helpdesk PC's own Windows PowerShell 5.1. Each
// command is a fixed text with exactly one variable part: a single-quoted base64 literal of a JSON document
// (computer name, user name, file path, script inputs...). The base64 alphabet has no quote, no $ and no
// backtick, so no value can end the literal or be expanded; test/reach/compose.test.ts holds every command to
// that, to the tree-sitter grammar and to the 5.1 cmdlet reference.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Json } from '../../../shared/model';
import { encodeInput, psSingleQuoted } from '../../hosts/powershell/invocation';
import type { ScriptCall } from '../transport';

const BASE64 = /^[A-Za-z0-9+/=]*$/;
const SCRIPT_ID = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const DOT_SOURCE_LIB = /^\s*\.\s*\(Join-Path -Path \$PSScriptRoot -ChildPath '(?:\.\.\\)+lib\\rd-common\.ps1'\)\s*$/m;

/** The one data literal of a command. */
function dataLiteral(value: Json): string {
  const b64 = encodeInput(value);
  if (!BASE64.test(b64)) throw new Error('internal: base64 encoding produced an unexpected character');
  return psSingleQuoted(b64);
}

const DECODE = `$rdArgs = ConvertFrom-Json -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($rdData)))`;
const SESSIONS = `if ($null -eq $global:RdpDoctorSessions) { $global:RdpDoctorSessions = @{} }`;
const FAIL = `Write-Output (ConvertTo-Json -InputObject @{ error = @{ message = [string]$_.Exception.Message; type = [string]$_.FullyQualifiedErrorId } } -Depth 4 -Compress)`;

export interface SessionArgs {
  id: string;
  computer: string;
  https: boolean;
  /** Only the user name: the password is typed into Windows' own credential prompt and stays in that process. */
  user: string | null;
}

/**
 * Opens one PSSession and keeps it in the helpdesk PC's shell under `id`. With a user name, Get-Credential
 * shows Windows' credential prompt (the shell runs without -NonInteractive for that reason); the PSCredential
 * never leaves that PowerShell process.
 */
export function openSessionCommand(args: SessionArgs): string {
  return [
    `$rdData = ${dataLiteral({ ...args })}`,
    DECODE,
    SESSIONS,
    'try {',
    '    $rdOption = New-PSSessionOption -OpenTimeout 20000 -OperationTimeout 180000',
    '    $rdCred = $null',
    "    if ($rdArgs.user) { $rdCred = Get-Credential -UserName ([string]$rdArgs.user) -Message 'RDP Doctor: the account that may administer the host' }",
    '    if ($rdArgs.https -and $rdCred) { $rdSession = New-PSSession -ComputerName ([string]$rdArgs.computer) -UseSSL -Port 5986 -Credential $rdCred -SessionOption $rdOption -ErrorAction Stop }',
    '    elseif ($rdArgs.https) { $rdSession = New-PSSession -ComputerName ([string]$rdArgs.computer) -UseSSL -Port 5986 -SessionOption $rdOption -ErrorAction Stop }',
    '    elseif ($rdCred) { $rdSession = New-PSSession -ComputerName ([string]$rdArgs.computer) -Port 5985 -Credential $rdCred -SessionOption $rdOption -ErrorAction Stop }',
    '    else { $rdSession = New-PSSession -ComputerName ([string]$rdArgs.computer) -Port 5985 -SessionOption $rdOption -ErrorAction Stop }',
    '    $global:RdpDoctorSessions[[string]$rdArgs.id] = $rdSession',
    '    Write-Output (ConvertTo-Json -InputObject @{ ok = $true; state = [string]$rdSession.State } -Depth 4 -Compress)',
    `} catch { ${FAIL} }`,
  ].join('\n');
}

/** Test-WSMan: the WS-Management identify request, which needs no credential; tells "WinRM is there". */
export function testWsmanCommand(args: { computer: string; https: boolean }): string {
  return [
    `$rdData = ${dataLiteral({ ...args })}`,
    DECODE,
    'try {',
    '    if ($rdArgs.https) { $rdId = Test-WSMan -ComputerName ([string]$rdArgs.computer) -UseSSL -Port 5986 -ErrorAction Stop }',
    '    else { $rdId = Test-WSMan -ComputerName ([string]$rdArgs.computer) -Port 5985 -ErrorAction Stop }',
    '    Write-Output (ConvertTo-Json -InputObject @{ ok = $true; productVersion = [string]$rdId.ProductVersion } -Depth 4 -Compress)',
    `} catch { ${FAIL} }`,
  ].join('\n');
}

/**
 * Runs one batch file on the host through the session: `Invoke-Command -Session -FilePath -ArgumentList`.
 * -FilePath reads the file here and sends its text; the host needs no copy of RDP Doctor.
 */
export function invokeBatchCommand(args: { id: string; file: string; payload: string }): string {
  return [
    `$rdData = ${dataLiteral({ ...args })}`,
    DECODE,
    SESSIONS,
    'try {',
    '    $rdSession = $global:RdpDoctorSessions[[string]$rdArgs.id]',
    "    if ($null -eq $rdSession) { throw 'no session' }",
    '    $rdOut = Invoke-Command -Session $rdSession -FilePath ([string]$rdArgs.file) -ArgumentList ([string]$rdArgs.payload) -ErrorAction Stop',
    '    Write-Output (ConvertTo-Json -InputObject @{ ok = $true; output = ((@($rdOut) | ForEach-Object { [string]$_ }) -join [string][char]10) } -Depth 4 -Compress)',
    `} catch { ${FAIL} }`,
  ].join('\n');
}

export function closeSessionCommand(id: string): string {
  return [
    `$rdData = ${dataLiteral({ id })}`,
    DECODE,
    SESSIONS,
    'try {',
    '    $rdSession = $global:RdpDoctorSessions[[string]$rdArgs.id]',
    '    if ($null -ne $rdSession) { Remove-PSSession -Session $rdSession -ErrorAction SilentlyContinue; $global:RdpDoctorSessions.Remove([string]$rdArgs.id) }',
    '    Write-Output (ConvertTo-Json -InputObject @{ ok = $true } -Depth 4 -Compress)',
    `} catch { ${FAIL} }`,
  ].join('\n');
}

/**
 * A whole fleet in one command: WinRM fans out (-ThrottleLimit), not RDP Doctor. Each answer carries
 * PSComputerName; each host that could not be reached leaves an error record naming it.
 */
export function fleetCommand(args: { computers: string[]; https: boolean; throttle: number; file: string; payload: string }): string {
  return [
    `$rdData = ${dataLiteral({ ...args })}`,
    DECODE,
    'try {',
    '    $rdErrors = $null',
    '    $rdNames = [string[]]@($rdArgs.computers)',
    '    if ($rdArgs.https) { $rdOut = Invoke-Command -ComputerName $rdNames -UseSSL -Port 5986 -ThrottleLimit ([int]$rdArgs.throttle) -FilePath ([string]$rdArgs.file) -ArgumentList ([string]$rdArgs.payload) -ErrorAction SilentlyContinue -ErrorVariable rdErrors }',
    '    else { $rdOut = Invoke-Command -ComputerName $rdNames -Port 5985 -ThrottleLimit ([int]$rdArgs.throttle) -FilePath ([string]$rdArgs.file) -ArgumentList ([string]$rdArgs.payload) -ErrorAction SilentlyContinue -ErrorVariable rdErrors }',
    '    $rdHosts = @(@($rdOut) | ForEach-Object { @{ name = [string]$_.PSComputerName; output = [string]$_ } })',
    '    $rdFailed = @(@($rdErrors) | ForEach-Object { @{ name = [string]$_.TargetObject; message = [string]$_.Exception.Message; type = [string]$_.FullyQualifiedErrorId } })',
    '    Write-Output (ConvertTo-Json -InputObject @{ ok = $true; hosts = $rdHosts; failed = $rdFailed } -Depth 4 -Compress)',
    `} catch { ${FAIL} }`,
  ].join('\n');
}

const INLINE_MARKER = '# rdp-doctor: inline';

function scriptText(engineRoot: string, script: string): string {
  if (!SCRIPT_ID.test(script)) throw new Error(`script: "${script.slice(0, 80)}" is not a script id`);
  return readFileSync(path.join(engineRoot, ...script.split('/')) + '.ps1', 'utf8').replace(/^\uFEFF/, '');
}

/**
 * The body of one engine script as a script block: its dot-source of the library is dropped (the batch has it).
 * A self-contained script (first line `# rdp-doctor: inline`, host.powershell's probe, which dot-sources nothing
 * so that it answers even under AllSigned) is taken as it is, with the batch's parameter and an empty scripts
 * folder: there is no install folder on the host, and the probe then reports what the remote session decides
 * (its language mode; no execution policy applies to text sent over WinRM or Run Command).
 */
function scriptBody(engineRoot: string, script: string): string {
  const text = scriptText(engineRoot, script);
  if (text.startsWith(INLINE_MARKER)) {
    // The Authenticode block of a signed file is a long comment that only matters for files: left out.
    const body = text.replace(/\r?\n# SIG # Begin signature block[\s\S]*$/, '');
    return ['param([string]$InputBase64)', "$RdScriptsRoot = ''", body].join('\n');
  }
  if (!DOT_SOURCE_LIB.test(text)) throw new Error(`${script}: does not dot-source lib\\rd-common.ps1 the expected way`);
  return text.replace(DOT_SOURCE_LIB, '');
}

/**
 * One self-contained file for a batch: the library, then each script as a literal script block in a switch
 * on its id, then a loop over the calls (script id + base64 input). Over remoting $PSScriptRoot is empty on the
 * host, so the scripts cannot dot-source the library themselves. Prints one JSON object: each call's stdout.
 */
/**
 * How a batch hands back its answers: on a PSSession as objects; in a fan-out tagged with the host's key; over
 * Azure Run Command gzip+base64'd within a budget, since Run Command keeps only the last 4,096 bytes of output.
 */
export type BatchMode = 'session' | 'fan-out' | 'run-command';

/**
 * Under 4,096 bytes with the marker line around it (marker, overflow token, line end: under 40 characters); the
 * calls that did not fit are sent again in the next Run Command.
 */
export const RUN_COMMAND_BUDGET = 4000;
export const PACKED_MARKER = 'RDPDOCTOR-GZ';
/**
 * The token after the packed answers when a call's answer did not fit: `over=CHARS,PACKED`, that answer's length
 * and its length gzip+base64'd alone. The calls after it did not run; it did (its answer is what was too big).
 */
export const OVERFLOW_TOKEN = 'over=';

const RUN_COMMAND_LOOP_END = [
  '    $rdNext = ConvertTo-RdPacked -Text (ConvertTo-Json -InputObject @{ results = @($rdResults + [string]$rdText) } -Depth 4 -Compress)',
  '    if ($rdNext.Length -gt $rdBudget) {',
  '        $rdAlone = ConvertTo-RdPacked -Text (ConvertTo-Json -InputObject @{ results = @([string]$rdText) } -Depth 4 -Compress)',
  `        $rdOverflow = ' ${OVERFLOW_TOKEN}' + [string]([string]$rdText).Length + ',' + [string]$rdAlone.Length`,
  '        break',
  '    }',
  '    $rdResults += [string]$rdText',
  '    $rdPacked = $rdNext',
  '}',
  `Write-Output ('${PACKED_MARKER} ' + $rdPacked + $rdOverflow)`,
];

const PACK_FUNCTION = [
  'function ConvertTo-RdPacked {',
  '    param([Parameter(Mandatory = $true)][string]$Text)',
  '    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)',
  "    $buffer = New-Object -TypeName 'System.IO.MemoryStream'",
  "    $zip = New-Object -TypeName 'System.IO.Compression.GZipStream' -ArgumentList $buffer, ([System.IO.Compression.CompressionMode]::Compress)",
  '    $zip.Write($bytes, 0, $bytes.Length)',
  '    $zip.Close()',
  '    return [System.Convert]::ToBase64String($buffer.ToArray())',
  '}',
];

/**
 * A derived input (electron/hosts/derived-input.ts), resolved on the host between two scripts of a batch: the
 * value at `pick` in the earlier answer when it has the JSON type `type`, else `fallback`, set at `into` in the
 * call's input. Same rule as applyDerived in TypeScript; paths, type and fallback arrive as data. `return ,$x`
 * keeps an array an array (PowerShell unrolls a returned array; a one-element one would become its element).
 */
const DERIVE_FUNCTIONS = [
  'function Get-RdJsonStep {',
  '    param($Node, $Key)',
  '    if ($null -eq $Node) { return $null }',
  '    if ($Key -is [string]) {',
  '        if ($Node -is [System.Management.Automation.PSCustomObject] -and ($Node.PSObject.Properties.Name -contains $Key)) { return ,$Node.$Key }',
  '        return $null',
  '    }',
  '    if ($Node -is [array] -and [int]$Key -ge 0 -and [int]$Key -lt $Node.Count) { return ,$Node[[int]$Key] }',
  '    return $null',
  '}',
  'function Resolve-RdDerived {',
  '    param([Parameter(Mandatory = $true)][string]$InputBase64, [Parameter(Mandatory = $true)]$Derive, [object[]]$Answers)',
  '    $in = ConvertFrom-RdInput -InputBase64 $InputBase64',
  '    $answer = $null',
  '    $from = [int]$Derive.from',
  '    if ($from -ge 0 -and $from -lt @($Answers).Count) { $answer = ConvertFrom-Json -InputObject ([string]@($Answers)[$from]) }',
  '    foreach ($rule in @($Derive.rules)) {',
  '        $value = $answer',
  '        foreach ($key in @($rule.pick)) { $value = Get-RdJsonStep -Node $value -Key $key }',
  '        $isNumber = ($value -is [int]) -or ($value -is [long]) -or ($value -is [double]) -or ($value -is [decimal])',
  "        $typed = (([string]$rule.type -eq 'number') -and $isNumber) -or (([string]$rule.type -eq 'string') -and ($value -is [string]))",
  '        if (-not $typed) { $value = $rule.fallback }',
  '        $path = @($rule.into)',
  '        $parent = $in',
  '        for ($i = 0; $i -lt $path.Count - 1; $i++) { $parent = Get-RdJsonStep -Node $parent -Key $path[$i] }',
  '        $last = $path[$path.Count - 1]',
  "        if ($null -eq $parent) { throw ('derived input: no field ' + ($path -join '.')) }",
  '        if ($last -is [string]) { Add-Member -InputObject $parent -NotePropertyName $last -NotePropertyValue $value -Force }',
  '        else { $parent[[int]$last] = $value }',
  '    }',
  '    $json = ConvertTo-Json -InputObject $in -Depth 8 -Compress',
  '    return [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($json))',
  '}',
];

/** The call's input, its derived values filled in; a failure answers for that call alone. */
const RESOLVE_DERIVED = [
  '    $rdFailed = $null',
  '    if ($null -ne $rdCall.derive) {',
  '        try { $rdInput = Resolve-RdDerived -InputBase64 $rdInput -Derive $rdCall.derive -Answers $rdResults }',
  "        catch { $rdFailed = ConvertTo-Json -InputObject @{ error = @{ message = [string]$_.Exception.Message; type = 'DerivedInput' } } -Depth 4 -Compress }",
  '    }',
];

export function batchScript(engineRoot: string, scripts: string[], mode: BatchMode | boolean = 'session'): string {
  const m: BatchMode = mode === true ? 'fan-out' : mode === false ? 'session' : mode;
  const fanOut = m === 'fan-out';
  const lib = readFileSync(path.join(engineRoot, 'lib', 'rd-common.ps1'), 'utf8')
    .replace(/^\uFEFF/, '')
    // A remote session has no console; its output comes back as objects, so the encoding does not matter there.
    .replace(
      /^\[Console\]::OutputEncoding = \[System\.Text\.Encoding\]::UTF8$/m,
      'try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }',
    );
  const unique = [...new Set(scripts)].sort();
  // Each script becomes a function (its param block intact), called by a fixed name chosen by a literal case.
  const functions = unique.map((s, i) => `function Invoke-RdBatchScript${i} {\n${scriptBody(engineRoot, s)}\n}`);
  const cases = unique.map(
    (s, i) => `        ${psSingleQuoted(s)} { $rdText = (Invoke-RdBatchScript${i} -InputBase64 $rdInput | Out-String) }`,
  );
  return [
    '# Generated by RDP Doctor for one remoting round trip: the shared library and the scripts of this batch.',
    'param([Parameter(Mandatory = $true)][string]$InputBase64)',
    lib,
    ...functions,
    ...DERIVE_FUNCTIONS,
    ...(fanOut ? FAN_OUT_SELECT : ['$rdCalls = ConvertFrom-RdInput -InputBase64 $InputBase64']),
    ...(m === 'run-command' ? PACK_FUNCTION : []),
    '$rdResults = @()',
    ...(m === 'run-command' ? [`$rdBudget = ${RUN_COMMAND_BUDGET}`, "$rdPacked = ''", "$rdOverflow = ''"] : []),
    'foreach ($rdCall in @($rdCalls.calls)) {',
    '    $rdInput = [string]$rdCall.input',
    "    $rdText = ''",
    ...RESOLVE_DERIVED,
    '    if ($null -ne $rdFailed) { $rdText = $rdFailed }',
    '    else { switch ([string]$rdCall.script) {',
    ...cases,
    '        default { $rdText = \'{"error":{"message":"unknown script","type":"NotImplemented"}}\' }',
    '    } }',
    ...(m === 'run-command'
      ? RUN_COMMAND_LOOP_END
      : [
          '    $rdResults += [string]$rdText',
          '}',
          fanOut
            ? 'Write-RdResult -Result @{ key = $rdKey; results = @($rdResults) }'
            : 'Write-RdResult -Result @{ results = @($rdResults) }',
        ]),
  ].join('\n');
}

/**
 * In a fan-out every host gets the same argument (Invoke-Command -ComputerName ... -ArgumentList): it holds
 * each host's calls under its NetBIOS name, and each host picks its own by $env:COMPUTERNAME.
 */
const FAN_OUT_SELECT = [
  '$rdAll = ConvertFrom-RdInput -InputBase64 $InputBase64',
  '$rdKey = ([string]$env:COMPUTERNAME).ToLowerInvariant()',
  '$rdCalls = @{ calls = @() }',
  'foreach ($rdEntry in @($rdAll.hosts)) { if ([string]$rdEntry.key -eq $rdKey) { $rdCalls = $rdEntry } }',
];

/** One call in a batch's argument: its input base64'd; a derived input's rules (paths, a type, a fallback) as JSON data. */
function payloadCall(c: ScriptCall): Json {
  const derive = c.derive ? { from: c.derive.from, rules: c.derive.rules.map((r) => ({ ...r })) } : null;
  return { script: c.script, input: encodeInput(c.input), ...(derive ? { derive } : {}) };
}

/** The fan-out argument: each host's calls under the key it will look for. */
export function fanOutPayload(hosts: { key: string; calls: ScriptCall[] }[]): string {
  return encodeInput({
    hosts: hosts.map((h) => ({
      key: h.key,
      calls: h.calls.map(payloadCall),
    })),
  });
}

/** The argument of a batch: the calls, each input as base64 of its JSON (data all the way down). */
export function batchPayload(calls: ScriptCall[]): string {
  const list = calls.map(payloadCall);
  return encodeInput({ calls: list });
}

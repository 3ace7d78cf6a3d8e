// The linter itself: each rule is shown catching its bad case and leaving the good form alone, so a rule
// that silently stopped working would fail here before it let a broken script through.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  lintSource,
  libraryFunctions,
  maskDigitParameters,
  matchParameter,
  defaultReference,
  literalValues,
  type LintFinding,
  type RuleId,
} from '../../electron/tools/ps-lint';

const HEADER =
  "param([Parameter(Mandatory = $true)][string]$InputBase64)\n. (Join-Path -Path $PSScriptRoot -ChildPath '..\\lib\\rd-common.ps1')\n";
const engineRoot = path.resolve('electron/engine');
const libFunctions = libraryFunctions(engineRoot);

/** A well-formed host script around `body` (body starts on line 5). */
function script(body: string, before = ''): string {
  return `${HEADER}${before}try {\n    $in = ConvertFrom-RdInput -InputBase64 $InputBase64\n${body}\n    Write-RdResult -Result @{ ok = $true }\n} catch {\n    Write-RdError -ErrorRecord $_\n}\n`;
}

function lint(body: string, before = ''): LintFinding[] {
  return lintSource(script(body, before), { libFunctions, absPath: path.join(engineRoot, 'ops', 'x.ps1'), engineRoot });
}

const rules = (fs: LintFinding[]) => fs.map((f) => f.rule);

function expectOnly(fs: LintFinding[], rule: RuleId, message?: RegExp): LintFinding {
  expect(fs.map((f) => `${f.line}: [${f.rule}] ${f.message}`)).toHaveLength(1);
  expect(fs[0]!.rule).toBe(rule);
  if (message) expect(fs[0]!.message).toMatch(message);
  return fs[0]!;
}

describe('ps-lint: baseline', () => {
  it('a well-formed script has no findings', () => {
    expect(lint('    $x = Get-Item -LiteralPath "HKLM:\\SOFTWARE" -ErrorAction Stop')).toEqual([]);
  });

  it('reports the line of the offending command', () => {
    const f = expectOnly(lint('    $a = 1\n    Get-Item -Bogus 1'), 'unknown-parameter');
    expect(f.line).toBe(6);
  });
});

describe('ps-lint: parse', () => {
  it('reports ERROR nodes', () => {
    expect(rules(lint('    $x = (1 +'))).toContain('parse');
  });
  it('explains the bare comma list the grammar cannot parse, and accepts the quoted form', () => {
    const bad = lint('    $o = Get-Item -LiteralPath x | Select-Object -Property Name, Length');
    expect(bad.some((f) => f.rule === 'parse' && /quote the items/.test(f.message))).toBe(true);
    expect(lint("    $o = Get-Item -LiteralPath x | Select-Object -Property 'Name','Length'")).toEqual([]);
  });
  it('parses parameters with digits (-InputBase64), which the grammar alone mis-reads', () => {
    expect(lintSource('Get-Item -Path $x -InputBase64 $y', { role: 'lib' }).map((f) => f.rule)).toEqual(['unknown-parameter']);
    expect(maskDigitParameters('f -InputBase64 $x').length).toBe('f -InputBase64 $x'.length);
    expect(maskDigitParameters("f -Algorithm 'SHA256'")).toBe("f -Algorithm 'SHA256'");
  });
});

describe('ps-lint: PowerShell 7-only syntax', () => {
  const cases: [string, string, RegExp][] = [
    ['??', '    $a = $in.x ?? 1', /null-coalescing/],
    ['??=', '    $a ??= 1', /null-coalescing/],
    ['?.', '    $a = ${in}?.x', /null-conditional/],
    ['ternary', '    $a = $in.x ? 1 : 2', /ternary/],
    ['&&', '    Get-Item -Path a && Get-Item -Path b', /&& and \|\|/],
    ['||', '    Get-Item -Path a || Get-Item -Path b', /&& and \|\|/],
    ['$PSStyle', '    $a = $PSStyle.Reset', /PSStyle/],
    ['ForEach-Object -Parallel', '    $a = @(1) | ForEach-Object -Parallel { $_ }', /-Parallel exists only in PowerShell 7/],
    ['ConvertTo-Json -AsArray', '    $a = ConvertTo-Json -InputObject @(1) -Depth 2 -AsArray', /-AsArray exists only/],
    ['ConvertTo-Json -EnumsAsStrings', '    $a = ConvertTo-Json -InputObject @(1) -Depth 2 -EnumsAsStrings', /-EnumsAsStrings exists only/],
    ['ConvertFrom-Json -AsHashtable', "    $a = ConvertFrom-Json -InputObject '{}' -AsHashtable", /-AsHashtable exists only/],
  ];
  it.each(cases)('rejects %s', (_n, body, msg) => {
    const fs = lint(body);
    expect(fs.some((f) => f.rule === 'ps7-syntax' && msg.test(f.message))).toBe(true);
  });
  it('rejects a clean {} block', () => {
    const fs = lint('', 'function Test-Rd {\n    process { 1 }\n    clean { 2 }\n}\n');
    expect(fs.some((f) => f.rule === 'ps7-syntax' && /clean/.test(f.message))).toBe(true);
  });
  it('leaves the 5.1 forms and the ? alias alone', () => {
    expect(
      lint("    $a = @(1, 2) | ? { $_ -gt 1 } | % { $_ }\n    if ($null -eq $a) { $a = 'x?' } else { $a = 'y' }\n    $b = $a -and $true"),
    ).toEqual([]);
  });
});

describe('ps-lint: commands', () => {
  it('rejects an unknown command and accepts aliases, lib and local functions, allowlisted tools', () => {
    expectOnly(lint('    Get-Frobnicator -Name x'), 'unknown-command', /Get-Frobnicator/);
    expect(
      lint(
        "    $a = gci -LiteralPath x\n    $b = dir -Path x -ea Stop\n    $c = ConvertTo-RdHex -Bytes $null\n    & 'C:\\Windows\\System32\\icacls.exe' 'C:\\x' '/T'\n    $null = & (Get-RdSystemTool -Name 'cmdkey.exe') '/list'\n    $null = & 'C:\\Windows\\System32\\netsh.exe' 'advfirewall' 'show'\n    $null = C:\\Windows\\System32\\CERTUTIL.EXE -store My\n    Test-RdLocal -Value 1",
        'function Test-RdLocal {\n    param($Value)\n}\n',
      ),
    ).toEqual([]);
  });
  it('rejects console tools that are not allowlisted', () => {
    expectOnly(lint("    $null = & whoami.exe '/all'"), 'unknown-command', /console tools allowed/);
  });
  it('rejects sc (Set-Content) used as sc.exe', () => {
    expectOnly(lint('    sc query TermService'), 'unknown-command', /Set-Content/);
  });
  it('names the module of cmdlets the reference does not cover', () => {
    expectOnly(lint("    $m = Get-LocalGroupMember -Group 'Remote Desktop Users'"), 'unknown-command', /LocalAccounts/);
  });
  it('rejects unknown parameters, case-insensitively accepting known ones and aliases', () => {
    expectOnly(lint('    $s = Get-Service -Nmae x'), 'unknown-parameter', /Get-Service -Nmae/);
    expect(lint('    $s = get-service -NAME x -ServiceName y -ErrorAction Stop -EA Stop -OutVariable o')).toEqual([]);
  });
  it('accepts WhatIf/Confirm only where the cmdlet documents them', () => {
    expect(lint('    Remove-Item -LiteralPath x -WhatIf -Confirm:$false')).toEqual([]);
    expectOnly(lint('    $a = Get-Item -LiteralPath x -WhatIf'), 'unknown-parameter', /-WhatIf/);
  });
  it('warns on a unique prefix and rejects an ambiguous one', () => {
    const w = expectOnly(lint('    $a = Get-Item -LiteralP x'), 'parameter-prefix', /-LiteralPath/);
    expect(w.severity).toBe('warning');
    expectOnly(lint('    $a = Get-ChildItem -Path x -F'), 'ambiguous-parameter', /-File.*-Filter.*-Force/);
  });
  it('checks parameters of functions defined in lib/ and in the script', () => {
    expectOnly(lint("    $v = Get-RdRegistryValue -Key 'HKLM\\X' -Nme 'y'"), 'unknown-parameter', /Get-RdRegistryValue -Nme/);
    // ConvertTo-RdDate is a simple function: -ErrorAction would silently land in $args.
    expectOnly(lint('    $d = ConvertTo-RdDate -Value $null -ErrorAction Stop'), 'unknown-parameter', /ConvertTo-RdDate -ErrorAction/);
    expect(lint("    $v = Get-RdRegistryValue -Key 'HKLM\\X' -Name 'y' -ErrorAction Stop")).toEqual([]);
  });
  it('checks literal arguments against documented accepted values, case-insensitively', () => {
    expectOnly(lint("    Set-Service -Name x -StartupType 'Automatc'"), 'accepted-value', /Automatc/);
    expectOnly(lint('    $r = Get-NetFirewallRule -Direction Inbond'), 'accepted-value', /Inbond/);
    expectOnly(lint('    $a = Get-Item -LiteralPath x -ErrorAction Silently'), 'accepted-value', /Silently/);
    expectOnly(lint("    $a = Get-ChildItem -Path x -Attributes 'Hidden,Sytem'"), 'accepted-value', /Sytem/);
    expect(
      lint(
        "    Set-Service -Name x -StartupType automatic\n    $r = Get-NetFirewallRule -Direction 'Inbound','Outbound' -Enabled 'True'\n    Set-Service -Name x -StartupType $in.type",
      ),
    ).toEqual([]);
  });
  it('warns when ConvertTo-Json is piped to or has no -Depth', () => {
    expectOnly(lint('    $j = @(1) | ConvertTo-Json -Depth 3'), 'convertto-json');
    expectOnly(lint('    $j = ConvertTo-Json -InputObject @(1)'), 'convertto-json');
    expect(lint('    $j = ConvertTo-Json -InputObject @(1) -Depth 8 -Compress')).toEqual([]);
  });
});

describe('ps-lint: Windows behaviours the lint encodes', () => {
  it('rejects Get-WinEvent with LogName and ProviderName together (parameters, one hashtable, or a key added later)', () => {
    expectOnly(
      lint("    $e = Get-WinEvent -LogName 'System' -ProviderName 'Schannel'"),
      'event-log-overlap',
      /LogsAndProvidersDontOverlap/,
    );
    expectOnly(
      lint("    $e = Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'LsaSrv'; Id = 6041 }"),
      'event-log-overlap',
    );
    expectOnly(
      lint("    $f = @{ LogName = 'System'; Id = 1 }\n    $f['ProviderName'] = 'Schannel'\n    $e = Get-WinEvent -FilterHashtable $f"),
      'event-log-overlap',
    );
    expect(
      lint("    $e = Get-WinEvent -LogName 'System' -FilterXPath '*[System[Provider[@Name=''Schannel'']]]' -ErrorAction Stop"),
    ).toEqual([]);
    expect(lint("    $e = Get-WinEvent -ProviderName 'Schannel' -MaxEvents 1")).toEqual([]);
  });
  it('rejects console tools by bare name, directly or through Invoke-RdNative, and accepts full paths', () => {
    expectOnly(lint("    $r = Invoke-RdNative -FilePath 'icacls.exe' -ArgumentList @('x')"), 'native-full-path', /icacls\.exe.*System32/);
    expectOnly(lint("    & icacls.exe 'C:\\x' '/T'"), 'native-full-path');
    expectOnly(lint('    $null = cmdkey /list'), 'native-full-path');
    expectOnly(lint("    $null = & 'takeown.exe' '/a'"), 'native-full-path');
    expectOnly(
      lint("    Start-Process -FilePath 'netsh.exe' -ArgumentList 'winsock','reset' -Wait"),
      'native-full-path',
      /Start-Process -FilePath 'netsh\.exe'/,
    );
    expect(
      lint(
        "    $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @('x')\n    $q = Invoke-RdNative -FilePath 'C:\\Windows\\System32\\reg.exe'",
      ),
    ).toEqual([]);
  });
});

describe('ps-lint: access denied is not "not found"', () => {
  it('rejects Get-Item -ErrorAction SilentlyContinue (and -EA Ignore), accepts Stop and Get-RdItemOrNull', () => {
    expectOnly(lint('    $i = Get-Item -LiteralPath $p -ErrorAction SilentlyContinue'), 'silent-get-item', /Get-RdItemOrNull/);
    expectOnly(lint('    $i = Get-Item -LiteralPath $p -EA Ignore'), 'silent-get-item');
    expectOnly(
      lint("    $v = Get-ItemProperty -LiteralPath $p -Name 'x' -ErrorAction SilentlyContinue"),
      'silent-get-item',
      /Get-ItemProperty/,
    );
    expect(lint('    $i = Get-Item -LiteralPath $p -ErrorAction Stop\n    $j = Get-RdItemOrNull -LiteralPath $p')).toEqual([]);
  });
  it('rejects a silent Get-ChildItem unless its -ErrorVariable is examined afterwards', () => {
    expectOnly(
      lint('    $k = @(Get-ChildItem -LiteralPath $p -ErrorAction SilentlyContinue)'),
      'silent-get-item',
      /Get-ChildItem.*ErrorVariable/,
    );
    expectOnly(lint('    $k = @(gci -LiteralPath $p -EA Ignore)'), 'silent-get-item');
    // An -ErrorVariable nobody reads hides the error just the same.
    expectOnly(lint('    $k = @(Get-ChildItem -LiteralPath $p -ErrorAction SilentlyContinue -ErrorVariable errs)'), 'silent-get-item');
    expect(
      lint(
        "    $k = @(Get-ChildItem -LiteralPath $p -ErrorAction SilentlyContinue -ErrorVariable errs)\n    foreach ($e in @($errs)) { if ([string]$e.FullyQualifiedErrorId -like 'PathNotFound*') { continue } }",
      ),
    ).toEqual([]);
    expect(lint('    $k = @(Get-ChildItem -LiteralPath $p -ErrorAction Stop)')).toEqual([]);
  });
});

describe('ps-lint: no silent reads (access denied is not "none")', () => {
  it('rejects -ErrorAction SilentlyContinue / -EA 0 / Ignore / -ErrorAction:SilentlyContinue on Get-* and Invoke-CimMethod', () => {
    expectOnly(
      lint("    $s = Get-Service -Name 'TermService' -ErrorAction SilentlyContinue"),
      'silent-read',
      /Get-Service.*FullyQualifiedErrorId/,
    );
    // -EA 0 is also refused as a value the reference does not list; silent-read names the real problem.
    expect(rules(lint("    $c = @(Get-CimInstance -ClassName 'Win32_Service' -EA 0)"))).toContain('silent-read');
    expectOnly(lint("    $c = @(Get-CimInstance -ClassName 'Win32_Service' -ea silentlycontinue)"), 'silent-read');
    expectOnly(lint("    $t = Get-ScheduledTask -TaskName 'x' -ErrorAction Ignore"), 'silent-read');
    expectOnly(lint("    $t = Get-ScheduledTask -TaskName 'x' -ErrorAction:SilentlyContinue"), 'silent-read');
    expect(rules(lint("    $g = Invoke-CimMethod -InputObject $ts -MethodName 'GetGracePeriodDays' -EA 4"))).toContain('silent-read');
    expectOnly(lint("    $g = Invoke-CimMethod -InputObject $ts -MethodName 'GetGracePeriodDays' -ErrorAction Ignore"), 'silent-read');
    expectOnly(
      lint(
        "    $w = @(Get-WinEvent -LogName 'System' -MaxEvents 5 -ErrorAction ([System.Management.Automation.ActionPreference]::SilentlyContinue))",
      ),
      'silent-read',
    );
  });
  it('rejects $ErrorActionPreference = SilentlyContinue (or Ignore), in any scope', () => {
    expectOnly(lint("    $ErrorActionPreference = 'SilentlyContinue'"), 'silent-read', /ErrorActionPreference/);
    expectOnly(lint("    $global:ErrorActionPreference = 'Ignore'"), 'silent-read');
    expect(lint("    $ErrorActionPreference = 'Continue'\n    $ErrorActionPreference = 'Stop'")).toEqual([]);
  });
  it('accepts Stop, non-read cmdlets, Test-Path, an examined -ErrorVariable and a same-line allow comment with a reason', () => {
    expect(lint("    try { $s = Get-Service -Name 'TermService' -ErrorAction Stop } catch { $s = $null }")).toEqual([]);
    expect(
      lint(
        '    Remove-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue\n    $x = Test-Path -LiteralPath $p -ErrorAction SilentlyContinue',
      ),
    ).toEqual([]);
    expect(
      lint(
        "    $c = @(Get-CimInstance -ClassName 'Win32_Service' -ErrorAction SilentlyContinue -ErrorVariable cimErrors)\n    $why = Get-RdErrorClass -ErrorRecord $cimErrors[0]",
      ),
    ).toEqual([]);
    expect(
      lint("    $s = Get-Service -Name 'x' -ErrorAction SilentlyContinue # ps-lint: allow-silent only a hint, absent is fine"),
    ).toEqual([]);
    // The marker needs a reason; a bare marker, or one on another line, does not count.
    expectOnly(lint("    $s = Get-Service -Name 'x' -ErrorAction SilentlyContinue # ps-lint: allow-silent"), 'silent-read');
    expectOnly(
      lint("    # ps-lint: allow-silent the reason is above, not on the line\n    $s = Get-Service -Name 'x' -EA Ignore"),
      'silent-read',
    );
  });
});

describe('ps-lint: ConstrainedLanguage and localized console output', () => {
  it('rejects [Console] members, including the OutputEncoding that garbles OEM output', () => {
    expectOnly(lint('    [Console]::OutputEncoding = [System.Text.Encoding]::UTF8'), 'console-member', /ConstrainedLanguage/);
    expectOnly(lint("    [System.Console]::Out.WriteLine('x')"), 'console-member');
    expect(lint('    $e = [System.Text.Encoding]::UTF8')).toEqual([]);
  });
});

describe('ps-lint: arrays a function returns', () => {
  it('rejects return @(...), which 5.1 unrolls into a scalar for one element; accepts return ,@(...)', () => {
    expectOnly(lint('    return @($groups | Select-Object -Unique)'), 'returned-array', /one-element/);
    expectOnly(lint('    if ($x) { return @() }'), 'returned-array');
    expect(lint('    return ,@($groups | Select-Object -Unique)')).toEqual([]);
    expect(lint('    return ,$list')).toEqual([]);
    expect(lint('    # return @(1)')).toEqual([]);
    expect(lint('    return @($x) # ps-lint: allow-unrolled the caller only iterates it')).toEqual([]);
  });
});

describe('ps-lint: input must stay data', () => {
  it('flags Invoke-Expression and iex entirely', () => {
    expectOnly(lint("    Invoke-Expression -Command 'Get-Date'"), 'invoke-expression');
    expectOnly(lint("    iex 'Get-Date'"), 'invoke-expression');
  });
  it('flags [scriptblock]::Create over text interpolating $in, directly or through a variable', () => {
    expectOnly(lint('    $sb = [scriptblock]::Create("Get-Item $($in.path)")'), 'script-injection');
    expectOnly(lint('    $cmd = "Get-Item " + $in.path\n    $sb = [ScriptBlock]::Create($cmd)'), 'script-injection');
    expectOnly(
      lint('    foreach ($i in @($in.items)) { $t = "x $i"; $sb = $ExecutionContext.InvokeCommand.ExpandString($t) }'),
      'script-injection',
    );
    expect(lint("    $sb = [scriptblock]::Create('Get-Date')")).toEqual([]);
  });
  it('flags a command name taken from the input', () => {
    expectOnly(lint('    & $in.command'), 'script-injection');
    expectOnly(lint('    $c = $in.command\n    & $c'), 'script-injection');
  });
});

describe('ps-lint: host-script shape', () => {
  const body = 'try {\n    Write-RdResult -Result @{ ok = $true }\n} catch {\n    Write-RdError -ErrorRecord $_\n}\n';
  const opts = { libFunctions, absPath: path.join(engineRoot, 'checks', 'host', 'x.ps1'), engineRoot };
  const good =
    "param([Parameter(Mandatory = $true)][string]$InputBase64)\n. (Join-Path -Path $PSScriptRoot -ChildPath '..\\..\\lib\\rd-common.ps1')\n";
  it('accepts the shape (with comments, constant tables outside the try)', () => {
    expect(lintSource(`# what it reads\n${good}$names = @{ 1 = 'a' }\n${body}`, opts)).toEqual([]);
  });
  it('requires the exact input parameter', () => {
    expectOnly(lintSource(good.replace('[string]$InputBase64', '[string]$Input') + body, opts), 'script-header');
    expectOnly(
      lintSource(good.replace('param(', '# no\nparam(').replace('Mandatory = $true', 'Mandatory = $false') + body, opts),
      'script-header',
    );
  });
  it('requires the dot-source of lib/rd-common.ps1, by a path that reaches it from this folder', () => {
    expectOnly(lintSource(good.split('\n')[0] + '\n' + body, opts), 'dot-source');
    expectOnly(lintSource(good.replace('..\\..\\lib', '..\\lib') + body, opts), 'dot-source', /'\.\.\\\.\.\\lib\\rd-common\.ps1'/);
  });
  it('requires a top-level try/catch that reports with Write-RdError', () => {
    expect(rules(lintSource(good + 'Write-RdResult -Result @{ ok = $true }\n', opts))).toContain('try-catch');
    expectOnly(lintSource(good + body.replace('Write-RdError -ErrorRecord $_', 'Write-Output $_'), opts), 'try-catch', /Write-RdError/);
    expectOnly(lintSource(good + '$p = Get-Item -LiteralPath x\n' + body, opts), 'try-catch', /outside the try/);
  });
  it('requires Write-RdResult', () => {
    expectOnly(lintSource(good + body.replace('Write-RdResult -Result @{ ok = $true }', '$x = 1'), opts), 'write-result');
  });
  it('does not require the shape of lib files', () => {
    expect(lintSource('function Get-RdX {\n    param($A)\n    return $A\n}\n', { role: 'lib' })).toEqual([]);
  });
});

describe('ps-lint: helpers', () => {
  it('matchParameter follows the binder', () => {
    const spec = defaultReference().cmdlet('get-childitem')!.spec;
    expect(matchParameter('path', spec)).toEqual({ kind: 'exact', name: 'Path' });
    expect(matchParameter('ad', spec)).toEqual({ kind: 'exact', name: 'Directory' });
    expect(matchParameter('Recur', spec)).toEqual({ kind: 'prefix', name: 'Recurse' });
    expect(matchParameter('zzz', spec)).toEqual({ kind: 'unknown' });
  });
  it('literalValues reads barewords and quoted lists, and refuses computed ones', () => {
    expect(literalValues("'a','b''c'")).toEqual(['a', "b'c"]);
    expect(literalValues('Stop')).toEqual(['Stop']);
    expect(literalValues('"x$y"')).toBeNull();
    expect(literalValues('$x')).toBeNull();
  });
});

# Shared by every RDP Doctor script (dot-sourced). Windows PowerShell 5.1 rules from
# ../shared/powershell/WINDOWS-POWERSHELL-5.1.md: UTF-8 out, no ETS Count on arrays, dates as ISO strings,
# enums as text, one JSON object per script, errors as a JSON error object.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
# The host reads exactly one line of stdout and treats any stderr text as failure: a warning such as
# Restart-Service's "Waiting for service ... to stop" (written every 2 s) or a progress record would break that.
$WarningPreference = 'SilentlyContinue'
$ProgressPreference = 'SilentlyContinue'
# No [Console]::OutputEncoding here: ConstrainedLanguage forbids it (a script that AppLocker/WDAC does not trust
# runs in CLM), and with UTF-8 set, 5.1 decodes OEM-code-page output of icacls/reg/cmdkey as UTF-8 and mangles
# every German, French or Japanese message (PowerShell#10789). Write-RdResult prints pure ASCII instead
# (\uXXXX escapes), which survives any console code page.
# In a try: should a language mode refuse it outright, the script must still run (and report).
try { Remove-TypeData -TypeName 'System.Array' -ErrorAction SilentlyContinue } catch { $null = $_ }

# Language mode of the code running this file: FullLanguage unless AppLocker/WDAC script enforcement
# does not trust the script (then ConstrainedLanguage, where only core types' methods may be called).
function Get-RdLanguageMode {
    return [string]$ExecutionContext.SessionState.LanguageMode
}

# Base64 to text with language operators only (ConstrainedLanguage has no [Convert] or [Text.Encoding] methods):
# 6 bits per character into an accumulator, a byte out per 8 bits, then UTF-8 decoded by hand.
function ConvertFrom-RdBase64Text {
    param([Parameter(Mandatory = $true)][string]$Text)
    $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    # Plain arrays: ArrayList or List[T] may not be allowed types in ConstrainedLanguage; inputs here are small.
    $bytes = @()
    $acc = 0
    $bits = 0
    foreach ($c in $Text.ToCharArray()) {
        if ($c -eq '=') { break }
        $acc = (($acc -shl 6) -bor $alphabet.IndexOf($c)) -band 16777215
        $bits += 6
        if ($bits -ge 8) { $bits -= 8; $bytes += (($acc -shr $bits) -band 255) }
    }
    $chars = @()
    $i = 0
    while ($i -lt $bytes.Count) {
        $b = [int]$bytes[$i]
        $n = 0
        $cp = $b
        if ($b -ge 240) { $n = 3; $cp = $b -band 7 } elseif ($b -ge 224) { $n = 2; $cp = $b -band 15 } elseif ($b -ge 192) { $n = 1; $cp = $b -band 31 }
        for ($k = 1; $k -le $n; $k++) { $cp = ($cp -shl 6) -bor ([int]$bytes[$i + $k] -band 63) }
        if ($cp -ge 65536) {
            $cp -= 65536
            $chars += [string][char](55296 + ($cp -shr 10))
            $chars += [string][char](56320 + ($cp -band 1023))
        } else {
            $chars += [string][char]$cp
        }
        $i += $n + 1
    }
    return (@($chars) -join '')
}

function ConvertFrom-RdInput {
    param([Parameter(Mandatory = $true)][string]$InputBase64)
    if ((Get-RdLanguageMode) -eq 'FullLanguage') {
        $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($InputBase64))
    } else {
        $json = ConvertFrom-RdBase64Text -Text $InputBase64
    }
    return ConvertFrom-Json -InputObject $json
}

# JSON with every non-ASCII character as \uXXXX: the console code page cannot mangle it.
function ConvertTo-RdAsciiJson {
    param([Parameter(Mandatory = $true)][string]$Json)
    if ($Json -notmatch '[^\x00-\x7F]') { return $Json }
    $parts = foreach ($c in $Json.ToCharArray()) {
        if ([int]$c -lt 128) { [string]$c } else { '\u{0:x4}' -f [int]$c }
    }
    return (@($parts) -join '')
}

function Write-RdResult {
    param([Parameter(Mandatory = $true)]$Result)
    Write-Output (ConvertTo-RdAsciiJson -Json (ConvertTo-Json -InputObject $Result -Depth 8 -Compress))
}

function Write-RdError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $info = @{
        message = [string]$ErrorRecord.Exception.Message
        type = [string]$ErrorRecord.CategoryInfo.Reason
        fullyQualifiedErrorId = [string]$ErrorRecord.FullyQualifiedErrorId
    }
    Write-Output (ConvertTo-RdAsciiJson -Json (ConvertTo-Json -InputObject @{ error = $info } -Depth 3 -Compress))
}

# The full path of a Windows console tool: never resolved through $env:Path or the current folder, and System32 from
# GetSystemDirectory (the OS), not $env:SystemRoot: a user's own SystemRoot reaches their elevated processes.
function Get-RdSystemTool {
    param([Parameter(Mandatory = $true)][string]$Name)
    return (Join-Path -Path ([Environment]::SystemDirectory) -ChildPath $Name)
}

# Runs a console tool with its stderr folded into the captured output. Left alone, its stderr would reach the
# host's stderr (the whole result is then discarded; `reg import` even reports success there), and under 'Stop'
# 5.1 turns a captured stderr line into a terminating NativeCommandError. Callers judge by exitCode.
function Invoke-RdNative {
    param([Parameter(Mandatory = $true)][string]$FilePath, [string[]]$ArgumentList = @())
    $ErrorActionPreference = 'Continue'
    $lines = @(& $FilePath @ArgumentList 2>&1 | ForEach-Object { [string]$_ })
    $code = $LASTEXITCODE
    return @{ exitCode = [int]$code; output = $lines }
}

function ConvertTo-RdDate {
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([datetime]$Value).ToUniversalTime().ToString('o')
}

function ConvertTo-RdHex {
    param([byte[]]$Bytes)
    if ($null -eq $Bytes) { return '' }
    return (($Bytes | ForEach-Object { $_.ToString('X2') }) -join '')
}

function ConvertFrom-RdHex {
    param([string]$Hex)
    $bytes = New-Object -TypeName 'byte[]' -ArgumentList ($Hex.Length / 2)
    for ($i = 0; $i -lt $bytes.Length; $i++) {
        $bytes[$i] = [System.Convert]::ToByte($Hex.Substring($i * 2, 2), 16)
    }
    return ,$bytes
}

# An item, or $null only when it does not exist. Get-Item -ErrorAction SilentlyContinue would also return $null
# when access is denied, and "access denied" reported as "does not exist" is a wrong verdict (and, for a fix's
# snapshot, a rollback that deletes what it could not read). Any other error propagates.
function Get-RdItemOrNull {
    param([Parameter(Mandatory = $true)][string]$LiteralPath)
    try {
        return Get-Item -LiteralPath $LiteralPath -Force -ErrorAction Stop
    } catch {
        if ([string]$_.FullyQualifiedErrorId -like 'PathNotFound*') { return $null }
        throw
    }
}

# Creates a registry key (with its parents) only when it does not exist. New-Item -Force on an existing key deletes
# it with all its values and subkeys and recreates it empty (PowerShell#5444), so existence must be certain:
# Test-Path answers $false for a key this account may not read, Get-RdItemOrNull throws for anything but PathNotFound.
function New-RdRegistryKeyIfAbsent {
    param([Parameter(Mandatory = $true)][string]$LiteralPath)
    if ($null -eq (Get-RdItemOrNull -LiteralPath $LiteralPath)) { New-Item -Path $LiteralPath -Force | Out-Null }
}

# Why an item could not be read, as a short text for the JSON output: 'access denied' when Windows refused
# (category PermissionDenied, or an UnauthorizedAccessException / SecurityException behind it), else the
# error's own message. Only properties are read, so this also runs in ConstrainedLanguage.
function Get-RdErrorClass {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $info = $ErrorRecord.CategoryInfo
    # HRESULT 0x80041003 is WMI's WBEM_E_ACCESS_DENIED (Get-CimInstance); 0x80070005 is E_ACCESSDENIED; the CDXML
    # cmdlets (Get-NetTCPConnection, Get-NetFirewallRule, Get-ScheduledTask) name Win32 error 5 as
    # 'Windows System Error 5,<cmdlet>'. The id is language-neutral; the message is localized and never parsed.
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ([string]$info.Category -eq 'PermissionDenied' -or @('UnauthorizedAccessException', 'SecurityException') -contains [string]$info.Reason -or
        $id -like 'HRESULT 0x80041003*' -or $id -like 'HRESULT 0x80070005*' -or $id -like 'Windows System Error 5,*') {
        return 'access denied'
    }
    return [string]$ErrorRecord.Exception.Message
}

# Why a read failed, as @{ what; reason; errorId }, or $null when every error in $Errors is one of $AbsentIds
# (FullyQualifiedErrorId prefixes that mean "nothing there", e.g. 'NoServiceFoundForGivenName' or
# 'CmdletizationQuery_NotFound'). $Errors: one ErrorRecord ($_ in a catch) or an -ErrorVariable list. An error that
# is not a documented "not found" is never read as absent: the check then says "could not read <what>".
function Get-RdReadFailure {
    param([Parameter(Mandatory = $true)][string]$What, $Errors, [string[]]$AbsentIds = @())
    foreach ($e in @($Errors | Where-Object { $null -ne $_ })) {
        $id = [string]$e.FullyQualifiedErrorId
        $absent = $false
        foreach ($a in $AbsentIds) { if ($id -like ($a + '*')) { $absent = $true } }
        if (-not $absent) { return @{ what = $What; reason = (Get-RdErrorClass -ErrorRecord $e); errorId = $id } }
    }
    return $null
}

# The WinNT directory entry of a local group named by its SID (S-1-5-32-544, S-1-5-32-555: the names are localized),
# or $null when this PC has no such group. Finding the group resolves no member.
function Get-RdLocalGroupEntry {
    param([Parameter(Mandatory = $true)][string]$GroupSid)
    Add-Type -AssemblyName 'System.DirectoryServices.AccountManagement'
    $machine = New-Object -TypeName 'System.DirectoryServices.AccountManagement.PrincipalContext' -ArgumentList ([System.DirectoryServices.AccountManagement.ContextType]::Machine)
    $group = [System.DirectoryServices.AccountManagement.GroupPrincipal]::FindByIdentity($machine, [System.DirectoryServices.AccountManagement.IdentityType]::Sid, $GroupSid)
    if ($null -eq $group) { return $null }
    return $group.GetUnderlyingObject()
}

# The members of a local group as @( @{ sid; name } ), name $null for a SID that no longer resolves. Never
# GroupPrincipal.GetMembers() or Get-LocalGroupMember: both resolve every member and throw for one orphaned SID (a
# deleted domain account, a domain this PC has left), "An error (1332) occurred while enumerating the group
# membership. The member's SID could not be resolved" (PowerShell#2996, xPSDesiredStateConfiguration#406), which is
# common in Administrators on domain members. The WinNT object's Members hands each member's objectSid unresolved.
function Get-RdLocalGroupMembers {
    param([Parameter(Mandatory = $true)][string]$GroupSid)
    $out = @()
    $entry = Get-RdLocalGroupEntry -GroupSid $GroupSid
    if ($null -eq $entry) { return ,$out }
    foreach ($m in @($entry.Invoke('Members'))) {
        $type = $m.GetType()
        $bytes = [byte[]]$type.InvokeMember('objectSid', 'GetProperty', $null, $m, $null)
        $sid = [string](New-Object -TypeName 'System.Security.Principal.SecurityIdentifier' -ArgumentList @($bytes, 0)).Value
        $name = $null
        try { $name = [string]$type.InvokeMember('Name', 'GetProperty', $null, $m, $null) } catch { $name = $null }
        # An orphaned member's WinNT name is its SID string: it has no name.
        if ([string]::IsNullOrEmpty($name) -or $name -eq $sid) { $name = $null }
        $out += @{ sid = $sid; name = $name }
    }
    return ,$out
}

# 'HKLM\SYSTEM\...' -> 'Registry::HKEY_LOCAL_MACHINE\SYSTEM\...'
function ConvertTo-RdRegistryPath {
    param([Parameter(Mandatory = $true)][string]$Key)
    $hives = @{ 'HKLM' = 'HKEY_LOCAL_MACHINE'; 'HKCU' = 'HKEY_CURRENT_USER'; 'HKU' = 'HKEY_USERS' }
    $parts = $Key.Split([char[]]@([char]92), 2)
    if (-not $hives.ContainsKey($parts[0])) { throw "unsupported registry hive: $($parts[0])" }
    return 'Registry::' + $hives[$parts[0]] + '\' + $parts[1]
}

# One registry value as { exists, type, data }, with REG_BINARY as hex and the kind as REG_* text.
function Get-RdRegistryValue {
    param([Parameter(Mandatory = $true)][string]$Key, [Parameter(Mandatory = $true)][string]$Name)
    $path = ConvertTo-RdRegistryPath -Key $Key
    $kinds = @{ 'DWord' = 'REG_DWORD'; 'QWord' = 'REG_QWORD'; 'String' = 'REG_SZ'; 'ExpandString' = 'REG_EXPAND_SZ'; 'MultiString' = 'REG_MULTI_SZ'; 'Binary' = 'REG_BINARY' }
    $item = Get-RdItemOrNull -LiteralPath $path
    if ($null -eq $item -or -not ($item.GetValueNames() -contains $Name)) {
        return @{ key = $Key; name = $Name; exists = $false; type = $null; data = $null }
    }
    $kind = $item.GetValueKind($Name).ToString()
    $raw = $item.GetValue($Name, $null, 'DoNotExpandEnvironmentNames')
    $data = $raw
    if ($kind -eq 'Binary') { $data = ConvertTo-RdHex -Bytes $raw }
    elseif ($kind -eq 'MultiString') { $data = @($raw) }
    # The registry hands a DWORD back as a signed Int32; report its unsigned value (0xFFFFFFFF, not -1).
    elseif ($kind -eq 'DWord') { $data = ([int64]$raw) -band 4294967295 }
    # REG_NONE and other kinds come back as byte[]: hex like REG_BINARY rather than an array of numbers.
    elseif (-not $kinds.ContainsKey($kind)) { $data = ConvertTo-RdHex -Bytes ([byte[]]$raw) }
    return @{ key = $Key; name = $Name; exists = $true; type = $kinds[$kind]; data = $data }
}

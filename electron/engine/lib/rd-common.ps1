# Shared by every RDP Doctor script (dot-sourced). Windows PowerShell 5.1 rules from
# ../shared/powershell/WINDOWS-POWERSHELL-5.1.md: UTF-8 out, no ETS Count on arrays, dates as ISO strings,
# enums as text, one JSON object per script, errors as a JSON error object.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
# The host reads exactly one line of stdout and treats any stderr text as failure: a warning such as
# Restart-Service's "Waiting for service ... to stop" (written every 2 s) or a progress record would break that.
$WarningPreference = 'SilentlyContinue'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
Remove-TypeData -TypeName 'System.Array' -ErrorAction SilentlyContinue

function ConvertFrom-RdInput {
    param([Parameter(Mandatory = $true)][string]$InputBase64)
    $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($InputBase64))
    return ConvertFrom-Json -InputObject $json
}

function Write-RdResult {
    param([Parameter(Mandatory = $true)]$Result)
    Write-Output (ConvertTo-Json -InputObject $Result -Depth 8 -Compress)
}

function Write-RdError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $info = @{ message = [string]$ErrorRecord.Exception.Message; type = [string]$ErrorRecord.Exception.GetType().Name }
    Write-Output (ConvertTo-Json -InputObject @{ error = $info } -Depth 3 -Compress)
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
    $item = Get-Item -LiteralPath $path -ErrorAction SilentlyContinue
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

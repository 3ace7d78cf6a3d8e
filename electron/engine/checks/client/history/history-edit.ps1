# Clears Remote Desktop Connection history entries, export first: `reg export` of each key it will touch
# (the files go into the journal folder as the technician's backup, with the values themselves in the snapshot),
# delete, and restore from the saved values only. Never `reg import`: a .reg file can name any key, and the
# journal folder's content is not proof of what the fix exported. HKCU only: needs no elevation.
# Input: { "action": "export" | "delete", "servers": ["name"], "mru": ["MRU0"], "exportDir": "<journal folder>\\exports" | null }
#   (exports go only into the protected journal folder the caller names; without one, nothing is exported)
#      | { "action": "restore", "servers": [ { server, values: [ { name, type, data } ] } ], "mru": [ { name, type, data } ] }
# Output (export):  { "files": ["..."], "servers": [ { server, values: [ { name, type, data } ] } ], "mru": [ { name, type, data } ] }
# Output (delete):  { "removed": n }
# Output (restore): { "restored": n, "via": "values" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

$base = 'HKCU\Software\Microsoft\Terminal Server Client'
$types = @{ 'REG_DWORD' = 'DWord'; 'REG_QWORD' = 'QWord'; 'REG_SZ' = 'String'; 'REG_EXPAND_SZ' = 'ExpandString'; 'REG_MULTI_SZ' = 'MultiString'; 'REG_BINARY' = 'Binary' }

function Test-RdServerName {
    param([string]$Name)
    # A key name taken from the registry; refuse anything that could leave Servers\ or break an argument.
    if ($Name -notmatch '^[^\\"/]{1,260}$') { throw "not a server entry name: $Name" }
    return $Name
}

function Get-RdKeyValues {
    param([string]$Key)
    $item = Get-RdItemOrNull -LiteralPath (ConvertTo-RdRegistryPath -Key $Key)
    $values = @()
    if ($null -eq $item) { return ,$values }
    foreach ($n in @($item.GetValueNames())) {
        # The unnamed default value: mstsc never writes one here, and -Name cannot be empty.
        if ([string]::IsNullOrEmpty($n)) { continue }
        $v = Get-RdRegistryValue -Key $Key -Name $n
        $values += @{ name = $n; type = $v.type; data = $v.data }
    }
    return ,$values
}

function Invoke-RdReg {
    param([string[]]$Arguments)
    # reg.exe import prints its success message on stderr, so the exit code is the only verdict.
    $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'reg.exe') -ArgumentList $Arguments
    if ($r.exitCode -ne 0) { throw ("reg.exe $($Arguments[0]) failed with exit code $($r.exitCode): " + ($r.output -join ' ')) }
}

function Test-RdHistoryValue {
    param($Value, [string]$Pattern)
    # Only the values mstsc keeps here, with their own types: a server's UsernameHint and CertHash, the MRU list.
    $allowed = @{ 'UsernameHint' = 'REG_SZ'; 'CertHash' = 'REG_BINARY' }
    $type = if ([string]$Value.name -match '^MRU[0-9]$') { 'REG_SZ' } else { $allowed[[string]$Value.name] }
    if ([string]$Value.name -notmatch $Pattern -or [string]$Value.type -ne $type) { throw "not a history value: $($Value.name) ($($Value.type))" }
    return $Value
}

function Set-RdValue {
    param([string]$Key, $Value)
    $path = ConvertTo-RdRegistryPath -Key $Key
    New-RdRegistryKeyIfAbsent -LiteralPath $path
    $data = $Value.data
    if ($Value.type -eq 'REG_BINARY') { $data = ConvertFrom-RdHex -Hex $Value.data }
    elseif ($Value.type -eq 'REG_MULTI_SZ') { $data = [string[]]@($Value.data) }
    # [int32][uint32] throws for 0x80000000 and up: reinterpret the bits instead (4294967295 -> -1).
    elseif ($Value.type -eq 'REG_DWORD') { $data = [System.BitConverter]::ToInt32([System.BitConverter]::GetBytes([uint32]$Value.data), 0) }
    New-ItemProperty -LiteralPath $path -Name $Value.name -PropertyType $types[$Value.type] -Value $data -Force | Out-Null
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    if ($in.action -eq 'export') {
        $dir = [string]$in.exportDir
        if ($dir) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
        $stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssfffZ')
        $files = @()
        $mruNames = @($in.mru | ForEach-Object { [string]$_ })
        $mru = @()
        if ($mruNames.Count -gt 0) {
            if ($dir) {
                $file = Join-Path -Path $dir -ChildPath ('history-' + $stamp + '-default.reg')
                Invoke-RdReg -Arguments @('export', ($base + '\Default'), $file, '/y')
                $files += $file
            }
            foreach ($v in @(Get-RdKeyValues -Key ($base + '\Default'))) {
                if ($mruNames -contains $v.name) { $mru += $v }
            }
        }
        $servers = @()
        $i = 0
        foreach ($s in @($in.servers)) {
            $name = Test-RdServerName -Name ([string]$s)
            $key = $base + '\Servers\' + $name
            # Only a key that is not there is skipped: one this account may not read stops the export (Test-Path
            # said "not there" for it, and the delete then left it without a word).
            if ($null -eq (Get-RdItemOrNull -LiteralPath (ConvertTo-RdRegistryPath -Key $key))) { continue }
            if ($dir) {
                $file = Join-Path -Path $dir -ChildPath ('history-' + $stamp + '-server-' + $i + '.reg')
                Invoke-RdReg -Arguments @('export', $key, $file, '/y')
                $files += $file
            }
            $servers += @{ server = $name; values = @(Get-RdKeyValues -Key $key) }
            $i++
        }
        Write-RdResult -Result @{ files = @($files); servers = @($servers); mru = @($mru) }
    } elseif ($in.action -eq 'delete') {
        $removed = 0
        foreach ($s in @($in.servers)) {
            $path = ConvertTo-RdRegistryPath -Key ($base + '\Servers\' + (Test-RdServerName -Name ([string]$s)))
            if ($null -ne (Get-RdItemOrNull -LiteralPath $path)) { Remove-Item -LiteralPath $path -Recurse -Force -ErrorAction Stop; $removed++ }
        }
        $default = ConvertTo-RdRegistryPath -Key ($base + '\Default')
        foreach ($n in @($in.mru)) {
            if ([string]$n -notmatch '^MRU[0-9]$') { throw "not an MRU value name: $n" }
            if ((Get-RdRegistryValue -Key ($base + '\Default') -Name ([string]$n)).exists) {
                Remove-ItemProperty -LiteralPath $default -Name ([string]$n) -ErrorAction Stop
                $removed++
            }
        }
        Write-RdResult -Result @{ removed = $removed }
    } elseif ($in.action -eq 'restore') {
        $restored = 0
        foreach ($s in @($in.servers)) {
            $key = $base + '\Servers\' + (Test-RdServerName -Name ([string]$s.server))
            $values = @($s.values | ForEach-Object { Test-RdHistoryValue -Value $_ -Pattern '^(UsernameHint|CertHash)$' })
            $path = ConvertTo-RdRegistryPath -Key $key
            # New-Item -Force on an existing key would empty it: create it only when it is gone.
            New-RdRegistryKeyIfAbsent -LiteralPath $path
            foreach ($v in $values) { Set-RdValue -Key $key -Value $v }
            $restored++
        }
        $mru = @($in.mru | ForEach-Object { Test-RdHistoryValue -Value $_ -Pattern '^MRU[0-9]$' })
        foreach ($v in $mru) { Set-RdValue -Key ($base + '\Default') -Value $v; $restored++ }
        Write-RdResult -Result @{ restored = $restored; via = 'values' }
    } else {
        throw "unknown action: $($in.action)"
    }
} catch {
    Write-RdError -ErrorRecord $_
}

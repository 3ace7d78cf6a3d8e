# Remote Desktop Connection's history of the account this runs as: the MRU list (Default\MRU0..MRU9) and,
# per server, the user name it offers (UsernameHint) and the certificate it was told to trust (CertHash).
# Input: {}. Output: { "mru": [ { name, value } ], "servers": [ { server, usernameHint, certHash } ],
#   "unreadable": [ { key, reason } ] }: a key this account may not open is listed, never read as "no history".
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $base = 'HKCU\Software\Microsoft\Terminal Server Client'
    $mru = @()
    for ($i = 0; $i -le 9; $i++) {
        $v = Get-RdRegistryValue -Key ($base + '\Default') -Name ('MRU' + $i)
        if ($v.exists) { $mru += @{ name = 'MRU' + $i; value = [string]$v.data } }
    }
    $servers = @()
    $unreadable = @()
    # No Servers key is a normal answer (never connected); any other error (PermissionDenied on the key or
    # on one server's subkey) is reported as unreadable, with the key it names.
    $listErrors = $null
    $keys = @(Get-ChildItem -LiteralPath (ConvertTo-RdRegistryPath -Key ($base + '\Servers')) -ErrorAction SilentlyContinue -ErrorVariable listErrors)
    foreach ($e in @($listErrors | Where-Object { $null -ne $_ })) {
        if ([string]$e.FullyQualifiedErrorId -like 'PathNotFound*') { continue }
        $what = $base + '\Servers'
        if ($null -ne $e.TargetObject) { $what = [string]$e.TargetObject }
        $unreadable += @{ key = $what; reason = (Get-RdErrorClass -ErrorRecord $e) }
    }
    foreach ($k in $keys) {
        $name = [string]$k.PSChildName
        try {
            $hint = Get-RdRegistryValue -Key ($base + '\Servers\' + $name) -Name 'UsernameHint'
            $hash = Get-RdRegistryValue -Key ($base + '\Servers\' + $name) -Name 'CertHash'
        } catch {
            $unreadable += @{ key = $base + '\Servers\' + $name; reason = (Get-RdErrorClass -ErrorRecord $_) }
            continue
        }
        $usernameHint = $null
        if ($hint.exists) { $usernameHint = [string]$hint.data }
        $certHash = $null
        if ($hash.exists -and $hash.type -eq 'REG_BINARY') { $certHash = [string]$hash.data }
        $servers += @{ server = $name; usernameHint = $usernameHint; certHash = $certHash }
    }
    Write-RdResult -Result @{ mru = @($mru); servers = @($servers); unreadable = @($unreadable) }
} catch {
    Write-RdError -ErrorRecord $_
}

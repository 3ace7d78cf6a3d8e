# Writes or deletes registry values. A null value deletes it (restoring "did not exist").
# Input: { "items": [ { "key": "HKLM\\...", "name": "...", "value": { "type": "REG_DWORD", "data": 0 } | null } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $types = @{ 'REG_DWORD' = 'DWord'; 'REG_QWORD' = 'QWord'; 'REG_SZ' = 'String'; 'REG_EXPAND_SZ' = 'ExpandString'; 'REG_MULTI_SZ' = 'MultiString'; 'REG_BINARY' = 'Binary' }
    $written = 0
    foreach ($item in @($in.items)) {
        $path = ConvertTo-RdRegistryPath -Key $item.key
        if ($null -eq $item.value) {
            # Get-RdRegistryValue: "access denied" throws instead of passing for "not there" (a skipped delete
            # would leave rollback half-done without a word).
            if ((Get-RdRegistryValue -Key ([string]$item.key) -Name ([string]$item.name)).exists) {
                Remove-ItemProperty -LiteralPath $path -Name $item.name -ErrorAction Stop
            }
        } else {
            New-RdRegistryKeyIfAbsent -LiteralPath $path
            $data = $item.value.data
            if ($item.value.type -eq 'REG_BINARY') { $data = ConvertFrom-RdHex -Hex $item.value.data }
            elseif ($item.value.type -eq 'REG_MULTI_SZ') { $data = [string[]]@($item.value.data) }
            # New-ItemProperty takes a DWORD as Int32: reinterpret the unsigned value's bits (4294967295 -> -1).
            elseif ($item.value.type -eq 'REG_DWORD') { $data = [System.BitConverter]::ToInt32([System.BitConverter]::GetBytes([uint32]$item.value.data), 0) }
            New-ItemProperty -LiteralPath $path -Name $item.name -PropertyType $types[$item.value.type] -Value $data -Force | Out-Null
        }
        $written++
    }
    Write-RdResult -Result @{ written = $written }
} catch {
    Write-RdError -ErrorRecord $_
}

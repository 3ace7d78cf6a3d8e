# Reads registry values, each with its type, so a fix can restore it exactly (or delete it again).
# Input: { "items": [ { "key": "HKLM\\...", "name": "..." } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $values = @()
    foreach ($item in @($in.items)) {
        $values += Get-RdRegistryValue -Key $item.key -Name $item.name
    }
    Write-RdResult -Result @{ values = @($values) }
} catch {
    Write-RdError -ErrorRecord $_
}

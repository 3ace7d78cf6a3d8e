# Deletes certificates from a LocalMachine store by thumbprint; with deleteKey also their private key file.
# A thumbprint that is not there is skipped (it is not listed in "removed").
# Input: { "store": "Remote Desktop", "thumbprints": ["3F1C..."], "deleteKey": false }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $storePath = 'Cert:\LocalMachine\' + [string]$in.store
    $removed = @()
    foreach ($t in @($in.thumbprints)) {
        $thumb = ([string]$t).ToUpperInvariant()
        if ($thumb -notmatch '^[0-9A-F]{40}$') { throw "not a certificate thumbprint: $thumb" }
        $itemPath = Join-Path -Path $storePath -ChildPath $thumb
        if (-not (Test-Path -LiteralPath $itemPath)) { continue }
        if ([bool]$in.deleteKey) { Remove-Item -LiteralPath $itemPath -DeleteKey -ErrorAction Stop }
        else { Remove-Item -LiteralPath $itemPath -ErrorAction Stop }
        $removed += $thumb
    }
    Write-RdResult -Result @{ removed = @($removed) }
} catch {
    Write-RdError -ErrorRecord $_
}

# The thumbprint of the certificate the RDP-Tcp listener uses, as Win32_TSGeneralSetting reports it (the
# custom SSLCertificateSHA1Hash binding when set, else the self-signed certificate).
# Input: {}
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $thumb = $null
    $available = $false
    $ts = @(Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'" -ErrorAction SilentlyContinue)
    if ($ts.Count -gt 0) {
        $available = $true
        $value = [string]$ts[0].SSLCertificateSHA1Hash
        if ($value -and $value -notmatch '^0+$') { $thumb = $value.ToUpperInvariant() }
    }
    Write-RdResult -Result @{ available = $available; inUseThumbprint = $thumb }
} catch {
    Write-RdError -ErrorRecord $_
}

# The thumbprint of the certificate the RDP-Tcp listener uses, as Win32_TSGeneralSetting reports it (the
# custom SSLCertificateSHA1Hash binding when set, else the self-signed certificate).
# Input: {}. Output: { available, inUseThumbprint, unreadable }: unreadable says why WMI could not be queried
# (e.g. 'access denied' for a non-administrator), so "none reported" is never read as "no certificate in use".
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $thumb = $null
    $available = $false
    $unreadable = $null
    $cimErrors = $null
    $ts = @(Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'" -ErrorAction SilentlyContinue -ErrorVariable cimErrors)
    foreach ($e in @($cimErrors | Where-Object { $null -ne $_ })) {
        # No TerminalServices namespace or class (0x8004100E WBEM_E_INVALID_NAMESPACE, 0x80041010
        # WBEM_E_INVALID_CLASS, e.g. Home editions) is "not reported"; anything else is unreadable.
        $id = [string]$e.FullyQualifiedErrorId
        if ($id -like 'HRESULT 0x8004100e*' -or $id -like 'HRESULT 0x80041010*') { continue }
        $unreadable = Get-RdErrorClass -ErrorRecord $e
    }
    if ($ts.Count -gt 0) {
        $available = $true
        $value = [string]$ts[0].SSLCertificateSHA1Hash
        if ($value -and $value -notmatch '^0+$') { $thumb = $value.ToUpperInvariant() }
    }
    Write-RdResult -Result @{ available = $available; inUseThumbprint = $thumb; unreadable = $unreadable }
} catch {
    Write-RdError -ErrorRecord $_
}

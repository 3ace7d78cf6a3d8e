# This PC as an RDP host: its names and the certificate its listener presents (the custom binding
# SSLCertificateSHA1Hash from Cert:\LocalMachine\My, else the self-signed ones in the Remote Desktop store).
# The client checks compare saved history and credentials with it when the target is this PC.
# Input: {}. Output: { computerName, dnsName, binding: hex|null, certificates: [ { store, thumbprint, notBefore, notAfter, hasPrivateKey } ],
#   unreadable: [ { store, reason } ] } (a store this account may not open: its certificates are unknown, not absent)
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $dnsName = [string]$ip.HostName
    if (-not [string]::IsNullOrEmpty([string]$ip.DomainName)) { $dnsName = $dnsName + '.' + [string]$ip.DomainName }
    $bound = Get-RdRegistryValue -Key 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' -Name 'SSLCertificateSHA1Hash'
    $binding = $null
    if ($bound.exists -and $bound.type -eq 'REG_BINARY' -and -not [string]::IsNullOrEmpty([string]$bound.data)) { $binding = [string]$bound.data }
    $certificates = @()
    # A standard user may not open the Remote Desktop store; a PC that never listened has none. Only the
    # second is "no certificates": anything but PathNotFound is reported as unreadable.
    $unreadable = @()
    $storeErrors = $null
    $selfSigned = @(Get-ChildItem -LiteralPath 'Cert:\LocalMachine\Remote Desktop' -ErrorAction SilentlyContinue -ErrorVariable storeErrors)
    foreach ($e in @($storeErrors | Where-Object { $null -ne $_ })) {
        if ([string]$e.FullyQualifiedErrorId -like 'PathNotFound*') { continue }
        $unreadable += @{ store = 'Remote Desktop'; reason = (Get-RdErrorClass -ErrorRecord $e) }
    }
    foreach ($c in $selfSigned) {
        $certificates += @{ store = 'Remote Desktop'; thumbprint = [string]$c.Thumbprint; notBefore = (ConvertTo-RdDate -Value $c.NotBefore); notAfter = (ConvertTo-RdDate -Value $c.NotAfter); hasPrivateKey = [bool]$c.HasPrivateKey }
    }
    if ($null -ne $binding) {
        $c = Get-RdItemOrNull -LiteralPath ('Cert:\LocalMachine\My\' + $binding)
        if ($null -ne $c) {
            $certificates += @{ store = 'My'; thumbprint = [string]$c.Thumbprint; notBefore = (ConvertTo-RdDate -Value $c.NotBefore); notAfter = (ConvertTo-RdDate -Value $c.NotAfter); hasPrivateKey = [bool]$c.HasPrivateKey }
        }
    }
    Write-RdResult -Result @{ computerName = [string]$env:COMPUTERNAME; dnsName = $dnsName; binding = $binding; certificates = @($certificates); unreadable = @($unreadable) }
} catch {
    Write-RdError -ErrorRecord $_
}

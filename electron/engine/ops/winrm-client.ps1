# The helpdesk PC's own WinRM client settings, read before RDP Doctor tries to reach a host, so that a name that
# needs TrustedHosts (an IP address, a name outside this PC's domain, any name from a workgroup PC) or an HTTPS
# certificate this PC does not trust is named before New-PSSession fails on it:
# TrustedHosts (WSMan:\localhost\Client\TrustedHosts; readable only while the WinRM service runs, so a failure is
# reported, not fatal), whether this PC is in a domain (Kerberos), and on request the certificates of the
# LocalMachine Root and intermediate CA stores (DER, base64) to judge an HTTPS listener's chain.
# Input: { "includeRoots": false }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $trusted = $null
    $trustedError = $null
    try {
        $trusted = [string](Get-Item -Path 'WSMan:\localhost\Client\TrustedHosts' -ErrorAction Stop).Value
    } catch {
        $trustedError = [string]$_.Exception.Message
    }
    $cs = Get-CimInstance -ClassName 'Win32_ComputerSystem' -ErrorAction Stop
    $roots = @()
    if ($in.PSObject.Properties.Name -contains 'includeRoots' -and [bool]$in.includeRoots) {
        foreach ($store in @('Cert:\LocalMachine\Root', 'Cert:\LocalMachine\CA')) {
            foreach ($c in @(Get-ChildItem -LiteralPath $store -ErrorAction Stop)) {
                $roots += [System.Convert]::ToBase64String($c.RawData)
            }
        }
    }
    Write-RdResult -Result @{
        trustedHosts = $trusted
        trustedHostsError = $trustedError
        partOfDomain = [bool]$cs.PartOfDomain
        domain = [string]$cs.Domain
        roots = @($roots)
    }
} catch {
    Write-RdError -ErrorRecord $_
}

# Is this an Azure VM? SMBIOS asset tag (Azure sets 7783-7084-3265-9085-8269-3286-77), the guest agent's
# registry key, and, only when SMBIOS says Hyper-V guest, the instance metadata service with a 1 s timeout
# and no proxy (a proxy would send 169.254.169.254 elsewhere).
# Input: { "queryImds": true }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $cs = Get-CimInstance -ClassName 'Win32_ComputerSystem' -ErrorAction Stop
    $assetTag = $null
    # A refused read is reported in `unreadable`, so "no sign of Azure" is never concluded from what was not read.
    $unreadable = @()
    $enclosure = @()
    try { $enclosure = @(Get-CimInstance -ClassName 'Win32_SystemEnclosure' -ErrorAction Stop) } catch { $unreadable += Get-RdReadFailure -What 'Win32_SystemEnclosure' -Errors $_ }
    if ($enclosure.Count -gt 0 -and $enclosure[0].SMBIOSAssetTag) { $assetTag = ([string]$enclosure[0].SMBIOSAssetTag).Trim() }
    # Get-RdItemOrNull: absent only when not found (Test-Path would answer $false for a key it may not open).
    $registryKey = $null -ne (Get-RdItemOrNull -LiteralPath 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Azure')
    $guestAgent = $false
    try { $guestAgent = $null -ne (Get-Service -Name 'WindowsAzureGuestAgent' -ErrorAction Stop) } catch {
        $f = Get-RdReadFailure -What 'WindowsAzureGuestAgent' -Errors $_ -AbsentIds @('NoServiceFoundForGivenName')
        if ($null -ne $f) { $unreadable += $f }
    }
    $manufacturer = [string]$cs.Manufacturer
    $model = [string]$cs.Model
    $imds = @{ queried = $false; reachable = $false; vmId = $null; location = $null; vmSize = $null }
    $hyperVGuest = ($manufacturer -eq 'Microsoft Corporation' -and $model -eq 'Virtual Machine')
    if ([bool]$in.queryImds -and $hyperVGuest) {
        $imds.queried = $true
        try {
            $req = [System.Net.HttpWebRequest]::Create('http://169.254.169.254/metadata/instance/compute?api-version=2021-02-01')
            $req.Proxy = $null
            $req.Timeout = 1000
            $req.ReadWriteTimeout = 1000
            $req.Headers.Add('Metadata', 'true')
            $resp = $req.GetResponse()
            $reader = New-Object -TypeName 'System.IO.StreamReader' -ArgumentList $resp.GetResponseStream()
            $compute = ConvertFrom-Json -InputObject $reader.ReadToEnd()
            $reader.Close()
            $resp.Close()
            $imds.reachable = $true
            $imds.vmId = [string]$compute.vmId
            $imds.location = [string]$compute.location
            $imds.vmSize = [string]$compute.vmSize
        } catch {
            $imds.reachable = $false
        }
    }
    Write-RdResult -Result @{
        manufacturer = $manufacturer
        model = $model
        assetTag = $assetTag
        registryKey = [bool]$registryKey
        guestAgent = [bool]$guestAgent
        imds = $imds
        unreadable = @($unreadable)
    }
} catch {
    Write-RdError -ErrorRecord $_
}

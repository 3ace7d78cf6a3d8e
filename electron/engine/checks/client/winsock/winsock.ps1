# Network adapters of this client: status, driver date and IPv4 addresses (Get-NetAdapter, Get-NetIPAddress).
# Read only: winsock-reset.ps1 runs the reset.
# Input: {}. Output: { "adapters": [ { name, description, status, driverDate, ipv4: [..] } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Get-RdAdapters {
    $list = @()
    foreach ($a in @(Get-NetAdapter -ErrorAction Stop)) {
        # No IPv4 address on the adapter is CmdletizationQuery_NotFound (none); any other error stops the script
        # rather than reading as "no address".
        $ipv4 = @()
        try { $ipv4 = @(Get-NetIPAddress -InterfaceIndex $a.ifIndex -AddressFamily 'IPv4' -ErrorAction Stop | ForEach-Object { [string]$_.IPAddress }) } catch {
            if ($null -ne (Get-RdReadFailure -What 'Get-NetIPAddress' -Errors $_ -AbsentIds @('CmdletizationQuery_NotFound'))) { throw }
        }
        $list += @{ name = [string]$a.Name; description = [string]$a.InterfaceDescription; status = [string]$a.Status; driverDate = [string]$a.DriverDate; ipv4 = @($ipv4) }
    }
    return ,$list
}

try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    Write-RdResult -Result @{ adapters = @(Get-RdAdapters) }
} catch {
    Write-RdError -ErrorRecord $_
}

# Antivirus and firewall products registered with Windows Security Center (root\SecurityCenter2; client
# editions only: Windows Server has no Security Center, then "available" is false). Windows' own firewall is
# not listed there. productState bit 0x1000 means the product is turned on.
# Only a namespace or class that does not exist (WBEM_E_INVALID_NAMESPACE 0x8004100E, WBEM_E_INVALID_CLASS
# 0x80041010) means "no Security Center here"; any other error (access denied, a broken WMI repository, a
# provider that times out) leaves the products unknown and is named in `unreadable`, never read as "none".
# Input: {}. Output: { "available": bool, "unreadable": null | "why", "antivirus": [ { name, enabled } ], "firewall": [ { name, enabled } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Get-RdProducts {
    param([string]$ClassName)
    $list = @()
    foreach ($p in @(Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName $ClassName -ErrorAction Stop)) {
        $list += @{ name = [string]$p.displayName; enabled = (([int64]$p.productState -band 0x1000) -ne 0) }
    }
    return ,$list
}

try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $available = $true
    $unreadable = $null
    $antivirus = @()
    $firewall = @()
    try {
        $antivirus = Get-RdProducts -ClassName 'AntiVirusProduct'
        $firewall = Get-RdProducts -ClassName 'FirewallProduct'
    } catch {
        $available = $false
        $antivirus = @()
        $firewall = @()
        $f = Get-RdReadFailure -What 'root\SecurityCenter2' -Errors $_ -AbsentIds @('HRESULT 0x8004100e', 'HRESULT 0x80041010')
        if ($null -ne $f) { $unreadable = $f.reason }
    }
    Write-RdResult -Result @{ available = $available; unreadable = $unreadable; antivirus = @($antivirus); firewall = @($firewall) }
} catch {
    Write-RdError -ErrorRecord $_
}

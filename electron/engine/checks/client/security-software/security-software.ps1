# Antivirus and firewall products registered with Windows Security Center (root\SecurityCenter2; client
# editions only: Windows Server has no Security Center, then "available" is false). Windows' own firewall is
# not listed there. productState bit 0x1000 means the product is turned on.
# Input: {}. Output: { "available": bool, "antivirus": [ { name, enabled } ], "firewall": [ { name, enabled } ] }
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
    $antivirus = @()
    $firewall = @()
    try {
        $antivirus = Get-RdProducts -ClassName 'AntiVirusProduct'
        $firewall = Get-RdProducts -ClassName 'FirewallProduct'
    } catch {
        $available = $false
    }
    Write-RdResult -Result @{ available = $available; antivirus = @($antivirus); firewall = @($firewall) }
} catch {
    Write-RdError -ErrorRecord $_
}

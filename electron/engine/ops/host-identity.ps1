# Who this host is, for the journal that the helpdesk PC keeps of it: computer name, machine SID (the local
# accounts' domain SID, e.g. the built-in Administrator's SID without its -500), and the Azure VM id when the
# host is an Azure VM (Win32_ComputerSystemProduct.UUID is the VM id on Azure and Hyper-V).
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $sid = $null
    $account = @(Get-CimInstance -ClassName 'Win32_UserAccount' -Filter 'LocalAccount = TRUE' -ErrorAction Stop | Select-Object -First 1)
    if ($account.Length -gt 0) {
        $full = [string]$account[0].SID
        $sid = $full.Substring(0, $full.LastIndexOf('-'))
    }
    $product = Get-CimInstance -ClassName 'Win32_ComputerSystemProduct' -ErrorAction Stop
    Write-RdResult -Result @{
        computerName = [string]$env:COMPUTERNAME
        machineSid = $sid
        uuid = [string]$product.UUID
    }
} catch {
    Write-RdError -ErrorRecord $_
}

# Windows edition and build, and whether a restart is pending (Component Based Servicing, Windows Update,
# pending file renames). ProductType as text: 1 Workstation, 2 DomainController, 3 Server.
# Input: {}
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $os = Get-CimInstance -ClassName 'Win32_OperatingSystem' -ErrorAction Stop
    $cv = Get-ItemProperty -LiteralPath 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction Stop
    $names = @()
    if ($null -ne $cv) { $names = @($cv.PSObject.Properties | ForEach-Object { $_.Name }) }
    $editionId = $null; $displayVersion = $null; $ubr = $null; $installationType = $null
    if ($names -contains 'EditionID') { $editionId = [string]$cv.EditionID }
    if ($names -contains 'DisplayVersion') { $displayVersion = [string]$cv.DisplayVersion }
    if ($names -contains 'UBR') { $ubr = [int64]$cv.UBR }
    if ($names -contains 'InstallationType') { $installationType = [string]$cv.InstallationType }
    $types = @{ 1 = 'Workstation'; 2 = 'DomainController'; 3 = 'Server' }
    $productType = 'Workstation'
    if ($types.ContainsKey([int]$os.ProductType)) { $productType = $types[[int]$os.ProductType] }
    $reasons = @()
    if (Test-Path -LiteralPath 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') {
        $reasons += 'Component Based Servicing: RebootPending'
    }
    if (Test-Path -LiteralPath 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') {
        $reasons += 'Windows Update: RebootRequired'
    }
    $sm = Get-RdRegistryValue -Key 'HKLM\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations'
    if ($sm.exists) { $reasons += 'Session Manager: PendingFileRenameOperations' }
    Write-RdResult -Result @{
        caption = [string]$os.Caption
        version = [string]$os.Version
        build = [string]$os.BuildNumber
        ubr = $ubr
        editionId = $editionId
        displayVersion = $displayVersion
        productType = $productType
        installationType = $installationType
        lastBoot = ConvertTo-RdDate -Value $os.LastBootUpTime
        pendingReboot = ($reasons.Count -gt 0)
        pendingReasons = @($reasons)
    }
} catch {
    Write-RdError -ErrorRecord $_
}

# CredSSP encryption oracle remediation on this client (KB 4093492 / CVE-2018-0886): AllowEncryptionOracle,
# and LsaSrv event 6041 in the System log, which the client writes when a host offered a CredSSP version
# (an unpatched host) that the setting forbids. Event data is read by position, not from the localized text.
# Input: { "days": 7 }
# Output: { "oracle": { key, name, exists, type, data }, "blocked": [ { time, target, offeredVersion } ], "logAvailable": bool }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $oracle = Get-RdRegistryValue -Key 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters' -Name 'AllowEncryptionOracle'
    $since = (Get-Date).AddDays(-[int]$in.days)
    $blocked = @()
    $available = $true
    try {
        $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'LsaSrv'; Id = 6041; StartTime = $since } -ErrorAction Stop)
        foreach ($e in $events) {
            $target = [string]$e.Properties[0].Value
            $version = $null
            if ($e.Properties.Count -gt 1) { $version = [string]$e.Properties[1].Value }
            $blocked += @{ time = (ConvertTo-RdDate -Value $e.TimeCreated); target = $target; offeredVersion = $version }
        }
    } catch {
        if ([string]$_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { $available = $false }
    }
    Write-RdResult -Result @{ oracle = $oracle; blocked = @($blocked); logAvailable = $available }
} catch {
    Write-RdError -ErrorRecord $_
}

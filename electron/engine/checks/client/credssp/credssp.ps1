# CredSSP encryption oracle remediation on this client (KB 4093492 / CVE-2018-0886): AllowEncryptionOracle,
# and LsaSrv event 6041 in the System log, which the client writes when a host offered a CredSSP version
# (an unpatched host) that the setting forbids. Event data is read by position, not from the localized text.
# Input: { "days": 7 }
# Output: { "oracle": { key, name, exists, type, data }, "blocked": [ { time, target, offeredVersion } ], "logAvailable": bool,
#          "logError": null | { reason: "unreadable"|"error", errorId, message } }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $oracle = Get-RdRegistryValue -Key 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters' -Name 'AllowEncryptionOracle'
    $blocked = @()
    $available = $true
    $logError = $null
    # By XPath on the System log, never LogName with ProviderName (LogsAndProvidersDontOverlap drops events
    # silently when the provider's metadata does not list the log).
    $xpath = "*[System[Provider[@Name='LsaSrv'] and (EventID=6041) and TimeCreated[timediff(@SystemTime) <= " + ([int64]$in.days * 86400000) + ']]]'
    try {
        $events = @(Get-WinEvent -LogName 'System' -FilterXPath $xpath -ErrorAction Stop)
        foreach ($e in $events) {
            $target = [string]$e.Properties[0].Value
            $version = $null
            if ($e.Properties.Count -gt 1) { $version = [string]$e.Properties[1].Value }
            $blocked += @{ time = (ConvertTo-RdDate -Value $e.TimeCreated); target = $target; offeredVersion = $version }
        }
    } catch {
        $id = [string]$_.FullyQualifiedErrorId
        if ($id -notlike 'NoMatchingEventsFound*') {
            $available = $false
            $reason = 'error'
            if ($id -like '*UnauthorizedAccess*' -or [string]$_.CategoryInfo.Reason -eq 'UnauthorizedAccessException') { $reason = 'unreadable' }
            $logError = @{ reason = $reason; errorId = $id; message = [string]$_.Exception.Message }
        }
    }
    Write-RdResult -Result @{ oracle = $oracle; blocked = @($blocked); logAvailable = $available; logError = $logError }
} catch {
    Write-RdError -ErrorRecord $_
}

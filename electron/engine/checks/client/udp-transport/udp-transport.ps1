# Whether UDP matters for this client's trouble: the Remote Desktop client's own log pairs each connection's
# events by ActivityId, so a drop ("connection lost", Reason 2308 = 0x904, or 264 = timed out) after UDP
# was established (1103) in the same connection is evidence. The policy value is read with ops/registry-read.
# Input: { "days": 7 }. Output: { "udpSessions": n, "drops": [ { time, reason } ], "logAvailable": bool }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $since = (Get-Date).AddDays(-[int]$in.days)
    $events = @()
    $available = $true
    try {
        $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'Microsoft-Windows-TerminalServices-RDPClient/Operational'; Id = 1103, 1026; StartTime = $since } -ErrorAction Stop)
    } catch {
        if ([string]$_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { $available = $false }
        $events = @()
    }
    $udpActivities = @{}
    foreach ($e in $events) {
        if ($e.Id -eq 1103 -and $null -ne $e.ActivityId) { $udpActivities[[string]$e.ActivityId] = $true }
    }
    $drops = @()
    foreach ($e in $events) {
        if ($e.Id -ne 1026 -or $null -eq $e.ActivityId) { continue }
        if (-not $udpActivities.ContainsKey([string]$e.ActivityId)) { continue }
        $reason = [int]$e.Properties[0].Value
        if ($reason -eq 2308 -or $reason -eq 264) { $drops += @{ time = (ConvertTo-RdDate -Value $e.TimeCreated); reason = $reason } }
    }
    Write-RdResult -Result @{ udpSessions = $udpActivities.Count; drops = @($drops); logAvailable = $available }
} catch {
    Write-RdError -ErrorRecord $_
}

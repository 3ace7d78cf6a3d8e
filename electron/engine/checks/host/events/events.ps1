# Recent Remote Desktop events: one Get-WinEvent per log (and provider, since System log IDs collide across
# providers: GroupPolicy also logs 1058). A log that does not exist on this edition is listed, not an error.
# Level as text from the numeric level (LevelDisplayName is localized).
# Input: { "hours": 24, "maxPerQuery": 50, "queries": [ { "log": "System", "provider": "Schannel", "ids": [36870] } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $since = (Get-Date).AddHours(-[double]$in.hours)
    $levels = @{ 0 = 'Information'; 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Information' }
    $events = @()
    $missing = @()
    foreach ($q in @($in.queries)) {
        $log = [string]$q.log
        $exists = @(Get-WinEvent -ListLog $log -ErrorAction SilentlyContinue).Count -gt 0
        if (-not $exists) { $missing += $log; continue }
        $filter = @{ LogName = $log; Id = [int[]]@($q.ids); StartTime = $since }
        if ($null -ne $q.provider) { $filter['ProviderName'] = [string]$q.provider }
        foreach ($e in @(Get-WinEvent -FilterHashtable $filter -MaxEvents ([int]$in.maxPerQuery) -ErrorAction SilentlyContinue)) {
            $level = 'Information'
            if ($null -ne $e.Level -and $levels.ContainsKey([int]$e.Level)) { $level = $levels[[int]$e.Level] }
            $message = ''
            if ($null -ne $e.Message) { $message = ([string]$e.Message).Split([char[]]@([char]13, [char]10))[0] }
            if ($message.Length -gt 400) { $message = $message.Substring(0, 400) }
            $events += @{
                log = [string]$e.LogName
                provider = [string]$e.ProviderName
                id = [int]$e.Id
                level = $level
                time = ConvertTo-RdDate -Value $e.TimeCreated
                message = $message
            }
        }
    }
    Write-RdResult -Result @{ since = ConvertTo-RdDate -Value $since; events = @($events); missingLogs = @($missing) }
} catch {
    Write-RdError -ErrorRecord $_
}

# Recent Remote Desktop events: one Get-WinEvent per query, by XPath on the log. Never LogName together with
# ProviderName: when the provider's metadata does not list the log, Get-WinEvent writes the non-terminating
# LogsAndProvidersDontOverlap and returns nothing, so RCM 1057/1058 or Schannel events would vanish silently.
# The provider goes into the XPath instead (System log IDs collide across providers: GroupPolicy also logs 1058).
# Each query's outcome is classified by FullyQualifiedErrorId: no events, log missing, log unreadable, error.
# Level as text from the numeric level (LevelDisplayName is localized).
# Each event in the output is the newest of its kind (log, provider, id and the asked-for data) with `count`, how
# many of that kind the query read, and `capped` when the query stopped at maxPerQuery (there may be more).
# A query may also narrow by named event data (dataEquals, e.g. Security 4625 with LogonType 10) and ask for
# named event data fields (dataFields: Status, SubStatus), read by name from the event's XML, never by position.
# Input: { "hours": 24, "maxPerQuery": 50, "queries": [ { "log": "System", "provider": "Schannel", "ids": [36870] },
#          { "log": "Security", "provider": null, "ids": [4625], "dataEquals": { "LogonType": "10" }, "dataFields": ["Status"] } ] }
# Output: { since, events: [... { ..., data?: { Status } }], missingLogs: [log], disabledLogs: [log],
#          failedQueries: [ { log, provider, reason: "unreadable"|"error", errorId, message } ] }
# A disabled channel (Get-WinEvent -ListLog: IsEnabled false, e.g. turned off by a hardening baseline) records
# nothing: "no events" from it is not "no errors", so it is listed in disabledLogs.
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
$levels = @{ 0 = 'Information'; 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Information' }

# The XPath of one query. Provider names come from the app's own table; anything that could end the quoted
# attribute is refused rather than escaped.
function Get-RdEventXPath {
    param([Parameter(Mandatory = $true)]$Query, [Parameter(Mandatory = $true)][int64]$WindowMs)
    $ids = @(@($Query.ids) | ForEach-Object { 'EventID=' + [int]$_ }) -join ' or '
    $parts = @('(' + $ids + ')', ('TimeCreated[timediff(@SystemTime) <= ' + $WindowMs + ']'))
    if ($null -ne $Query.provider) {
        $name = [string]$Query.provider
        if ($name -notmatch '^[A-Za-z0-9 ._-]+$') { throw "provider name not allowed in an XPath query: $name" }
        $parts = @("Provider[@Name='" + $name + "']") + $parts
    }
    $xpath = '*[System[' + ($parts -join ' and ') + ']]'
    if ($null -ne $Query.dataEquals) {
        foreach ($p in $Query.dataEquals.PSObject.Properties) {
            if ($p.Name -notmatch '^[A-Za-z]+$' -or [string]$p.Value -notmatch '^[A-Za-z0-9 ._-]*$') { throw "event data filter not allowed in an XPath query: $($p.Name)" }
            $xpath = $xpath.Substring(0, $xpath.Length - 1) + " and EventData[Data[@Name='" + $p.Name + "']='" + [string]$p.Value + "']]"
        }
    }
    return $xpath
}

function ConvertTo-RdEvent {
    param([Parameter(Mandatory = $true)]$EventRecord, [string[]]$DataFields = @())
    $level = 'Information'
    if ($null -ne $EventRecord.Level -and $levels.ContainsKey([int]$EventRecord.Level)) { $level = $levels[[int]$EventRecord.Level] }
    $message = ''
    if ($null -ne $EventRecord.Message) { $message = ([string]$EventRecord.Message).Split([char[]]@([char]13, [char]10))[0] }
    if ($message.Length -gt 400) { $message = $message.Substring(0, 400) }
    $result = @{
        log = [string]$EventRecord.LogName
        provider = [string]$EventRecord.ProviderName
        id = [int]$EventRecord.Id
        level = $level
        time = ConvertTo-RdDate -Value $EventRecord.TimeCreated
        message = $message
    }
    if ($DataFields.Count -gt 0) {
        $data = @{}
        foreach ($d in @(([xml]$EventRecord.ToXml()).Event.EventData.Data)) {
            if ($null -ne $d -and $DataFields -contains [string]$d.Name) { $data[[string]$d.Name] = [string]$d.InnerText }
        }
        $result.data = $data
    }
    return $result
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $since = (Get-Date).AddHours(-[double]$in.hours)
    $windowMs = [int64]([double]$in.hours * 3600000)
    $events = @()
    $kinds = @{}
    $missing = @()
    $failed = @()
    $disabled = @()
    foreach ($log in @(@($in.queries) | ForEach-Object { [string]$_.log } | Select-Object -Unique)) {
        # Only a log that exists and says IsEnabled = false is "disabled"; a missing one is found by its query below,
        # and one whose configuration cannot be read stays as before (its query reports any error).
        try {
            $config = Get-WinEvent -ListLog $log -ErrorAction Stop
            if ($null -ne $config -and -not [bool]$config.IsEnabled) { $disabled += $log }
        } catch { $null = $_ }
    }
    foreach ($q in @($in.queries)) {
        $log = [string]$q.log
        $xpath = Get-RdEventXPath -Query $q -WindowMs $windowMs
        $fields = @(@($q.dataFields) | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ })
        try {
            $found = @(Get-WinEvent -LogName $log -FilterXPath $xpath -MaxEvents ([int]$in.maxPerQuery) -ErrorAction Stop)
            foreach ($e in $found) {
                # One record per kind (log, provider, id, the asked-for data), the newest, with how many were read:
                # the answer stays small on a busy host (Azure Run Command keeps 4,096 bytes of output).
                $record = $null
                $key = $log + '|' + [string]$e.ProviderName + '|' + [string]$e.Id
                if ($fields.Count -gt 0) {
                    $record = ConvertTo-RdEvent -EventRecord $e -DataFields $fields
                    foreach ($f in $fields) { $key += '|' + [string]$record['data'][$f] }
                }
                if ($kinds.ContainsKey($key)) { $kinds[$key]['count'] += 1; continue }
                if ($null -eq $record) { $record = ConvertTo-RdEvent -EventRecord $e -DataFields $fields }
                $record['count'] = 1
                # maxPerQuery reached: older events of this query were not read, so its counts are lower bounds.
                if ($found.Count -ge [int]$in.maxPerQuery) { $record['capped'] = $true }
                $kinds[$key] = $record
                $events += $record
            }
        } catch {
            $id = [string]$_.FullyQualifiedErrorId
            if ($id -like 'NoMatchingEventsFound*') { continue }
            if ($id -like 'NoMatchingLogsFound*') { $missing += $log; continue }
            $reason = 'error'
            if ($id -like '*UnauthorizedAccess*' -or [string]$_.CategoryInfo.Reason -eq 'UnauthorizedAccessException') { $reason = 'unreadable' }
            $failed += @{ log = $log; provider = $q.provider; reason = $reason; errorId = $id; message = [string]$_.Exception.Message }
        }
    }
    Write-RdResult -Result @{ since = ConvertTo-RdDate -Value $since; events = @($events); missingLogs = @($missing); disabledLogs = @($disabled); failedQueries = @($failed) }
} catch {
    Write-RdError -ErrorRecord $_
}

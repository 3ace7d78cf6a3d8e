# Remote Desktop licensing on an RD Session Host: TerminalServerMode, the licensing mode, the license servers
# it is told to use and whether each answers on TCP 135, the grace period days left (GetGracePeriodDays), and
# the licensing events of the last days (RemoteConnectionManager/Admin 1004, 1028, 1068, 1069).
# Input: { "days": 7 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Test-Port135 {
    param([string]$Server)
    $client = New-Object -TypeName 'System.Net.Sockets.TcpClient'
    try {
        $pending = $client.BeginConnect($Server, 135, $null, $null)
        if (-not $pending.AsyncWaitHandle.WaitOne(2000)) { return $false }
        $client.EndConnect($pending)
        return $true
    } catch {
        return $false
    } finally {
        $client.Close()
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $days = [int]$in.days
    # Each read's error is classified: a missing TerminalServices namespace or class (Home editions) is "no role";
    # anything else (access denied) goes to `unreadable`, so the check never calls an unread host unlicensed.
    $unreadable = @()
    $ts = $null
    try { $ts = Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop } catch {
        $f = Get-RdReadFailure -What 'Win32_TerminalServiceSetting' -Errors $_ -AbsentIds @('HRESULT 0x8004100e', 'HRESULT 0x80041010')
        if ($null -ne $f) { $unreadable += $f }
    }
    $sessionHost = $null; $type = $null; $name = $null; $servers = @(); $grace = $null
    if ($null -ne $ts) {
        $sessionHost = ([int]$ts.TerminalServerMode -eq 1)
        $type = [int]$ts.LicensingType
        $name = [string]$ts.LicensingName
        if ($sessionHost) {
            try {
                $g = Invoke-CimMethod -InputObject $ts -MethodName 'GetGracePeriodDays' -ErrorAction Stop
                if ($null -ne $g -and [int]$g.ReturnValue -eq 0) { $grace = [int]$g.DaysLeft }
            } catch { $unreadable += Get-RdReadFailure -What 'GetGracePeriodDays' -Errors $_ }
            try {
                $l = Invoke-CimMethod -InputObject $ts -MethodName 'GetSpecifiedLicenseServerList' -ErrorAction Stop
                if ($null -ne $l -and $null -ne $l.SpecifiedLSList) { $servers = @($l.SpecifiedLSList | ForEach-Object { [string]$_ }) }
            } catch { $unreadable += Get-RdReadFailure -What 'GetSpecifiedLicenseServerList' -Errors $_ }
        }
    }
    $reach = @()
    foreach ($s in $servers) { $reach += @{ server = $s; ok = (Test-Port135 -Server $s) } }
    $events = @()
    $filter = @{ LogName = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin'; Id = @(1004, 1028, 1068, 1069); StartTime = (Get-Date).AddDays(-$days) }
    $found = @()
    try { $found = @(Get-WinEvent -FilterHashtable $filter -MaxEvents 50 -ErrorAction Stop) } catch {
        $f = Get-RdReadFailure -What $filter.LogName -Errors $_ -AbsentIds @('NoMatchingEventsFound', 'NoMatchingLogsFound')
        if ($null -ne $f) { $unreadable += $f }
    }
    foreach ($e in $found) {
        $events += @{ id = [int]$e.Id; time = ConvertTo-RdDate -Value $e.TimeCreated; message = [string]$e.Message }
    }
    Write-RdResult -Result @{ sessionHost = $sessionHost; licensingType = $type; licensingName = $name; licenseServers = @($servers); reachable = @($reach); graceDaysLeft = $grace; events = @($events); unreadable = @($unreadable) }
} catch {
    Write-RdError -ErrorRecord $_
}

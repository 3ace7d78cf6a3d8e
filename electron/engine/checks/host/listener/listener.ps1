# Who listens on the RDP port: the owning process of each listening socket, and TermService's process id, so
# the check can tell "Remote Desktop listens" from "another program holds the port" from "nothing listens".
# With LanAdapter not 0, also which adapter RDP-Tcp is bound to: the lanatable key whose LanaId matches, and
# whether a network adapter with that GUID still exists (a removed NIC leaves the listener bound to nothing).
# Input: { "port": 3389, "lanAdapter": 0 }. lanAdapter.unreadable: why the lanatable could not be read, else null;
# lanAdapter.adaptersUnreadable: why Win32_NetworkAdapter could not be read; socketsUnreadable: why the listening
# sockets could not be listed (then `listening` is unknown, not false).
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $port = [int]$in.port
    $termPid = $null
    $svc = Get-CimInstance -ClassName 'Win32_Service' -Filter "Name='TermService'" -ErrorAction Stop
    if ($null -ne $svc -and [int]$svc.ProcessId -gt 0) { $termPid = [int]$svc.ProcessId }

    $owners = @()
    $seen = @{}
    # Nothing listening is Get-NetTCPConnection's CmdletizationQuery_NotFound; any other error (access denied,
    # WMI broken) leaves "who listens" unknown and is reported as such, never as "nothing listens".
    $conns = @()
    $socketsUnreadable = $null
    try { $conns = @(Get-NetTCPConnection -State 'Listen' -LocalPort $port -ErrorAction Stop) } catch {
        $failure = Get-RdReadFailure -What 'Get-NetTCPConnection' -Errors $_ -AbsentIds @('CmdletizationQuery_NotFound')
        if ($null -ne $failure) { $socketsUnreadable = $failure.reason }
    }
    foreach ($c in $conns) {
        if ($null -eq $c) { continue }
        $owningPid = [int]$c.OwningProcess
        if ($seen.ContainsKey($owningPid)) { continue }
        $seen[$owningPid] = $true
        $processName = $null
        $processUnreadable = $null
        # A process gone since the listing is NoProcessFoundForGivenId; anything else is unreadable, not "unknown".
        try { $processName = [string](Get-Process -Id $owningPid -ErrorAction Stop).ProcessName } catch {
            $failure = Get-RdReadFailure -What 'Get-Process' -Errors $_ -AbsentIds @('NoProcessFoundForGivenId')
            if ($null -ne $failure) { $processUnreadable = $failure.reason }
        }
        $owners += @{ processId = $owningPid; processName = $processName; unreadable = $processUnreadable }
    }
    $lana = $null
    $lanaId = [int]$in.lanAdapter
    if ($lanaId -ne 0) {
        $guid = $null
        $table = 'Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\lanatable'
        # No lanatable is "no such LANA"; a lanatable this account may not open is unknown, never "adapter gone".
        $unreadable = $null
        $lanaErrors = $null
        $lanaKeys = @(Get-ChildItem -LiteralPath $table -ErrorAction SilentlyContinue -ErrorVariable lanaErrors)
        foreach ($e in @($lanaErrors | Where-Object { $null -ne $_ })) {
            if ([string]$e.FullyQualifiedErrorId -like 'PathNotFound*') { continue }
            $unreadable = Get-RdErrorClass -ErrorRecord $e
        }
        foreach ($k in $lanaKeys) {
            # The key's own value read (a RegistryKey): Get-ItemProperty -ErrorAction SilentlyContinue would turn
            # "access denied" into "no LanaId".
            $v = $k.GetValue('LanaId', $null)
            if ($null -ne $v -and [int]$v -eq $lanaId) { $guid = [string]$k.PSChildName; break }
        }
        $present = $false
        $name = $null
        $adaptersUnreadable = $null
        if ($null -ne $guid -and $guid -match '^\{[0-9A-Fa-f-]{36}\}$') {
            # An adapter list this account may not read says nothing about whether the adapter exists.
            $nic = @()
            try { $nic = @(Get-CimInstance -ClassName 'Win32_NetworkAdapter' -ErrorAction Stop | Where-Object { $_.GUID -eq $guid }) } catch {
                $adaptersUnreadable = Get-RdErrorClass -ErrorRecord $_
            }
            if ($nic.Count -gt 0) { $present = $true; $name = [string]$nic[0].NetConnectionID }
        }
        $lana = @{ lanaId = $lanaId; guid = $guid; present = $present; name = $name; unreadable = $unreadable; adaptersUnreadable = $adaptersUnreadable }
    }
    Write-RdResult -Result @{ port = $port; listening = ($owners.Count -gt 0); owners = @($owners); termServiceProcessId = $termPid; lanAdapter = $lana; socketsUnreadable = $socketsUnreadable }
} catch {
    Write-RdError -ErrorRecord $_
}

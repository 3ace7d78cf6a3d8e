# Who listens on the RDP port: the owning process of each listening socket, and TermService's process id, so
# the check can tell "Remote Desktop listens" from "another program holds the port" from "nothing listens".
# With LanAdapter not 0, also which adapter RDP-Tcp is bound to: the lanatable key whose LanaId matches, and
# whether a network adapter with that GUID still exists (a removed NIC leaves the listener bound to nothing).
# Input: { "port": 3389, "lanAdapter": 0 }. lanAdapter.unreadable: why the lanatable could not be read, else null.
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
    foreach ($c in @(Get-NetTCPConnection -State 'Listen' -LocalPort $port -ErrorAction SilentlyContinue)) {
        if ($null -eq $c) { continue }
        $owningPid = [int]$c.OwningProcess
        if ($seen.ContainsKey($owningPid)) { continue }
        $seen[$owningPid] = $true
        $processName = $null
        $proc = Get-Process -Id $owningPid -ErrorAction SilentlyContinue
        if ($null -ne $proc) { $processName = [string]$proc.ProcessName }
        $owners += @{ processId = $owningPid; processName = $processName }
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
        if ($null -ne $guid -and $guid -match '^\{[0-9A-Fa-f-]{36}\}$') {
            $nic = @(Get-CimInstance -ClassName 'Win32_NetworkAdapter' -ErrorAction SilentlyContinue | Where-Object { $_.GUID -eq $guid })
            if ($nic.Count -gt 0) { $present = $true; $name = [string]$nic[0].NetConnectionID }
        }
        $lana = @{ lanaId = $lanaId; guid = $guid; present = $present; name = $name; unreadable = $unreadable }
    }
    Write-RdResult -Result @{ port = $port; listening = ($owners.Count -gt 0); owners = @($owners); termServiceProcessId = $termPid; lanAdapter = $lana }
} catch {
    Write-RdError -ErrorRecord $_
}

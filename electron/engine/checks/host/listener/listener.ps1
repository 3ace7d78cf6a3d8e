# Who listens on the RDP port: the owning process of each listening socket, and TermService's process id, so
# the check can tell "Remote Desktop listens" from "another program holds the port" from "nothing listens".
# Input: { "port": 3389 }
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
    Write-RdResult -Result @{ port = $port; listening = ($owners.Count -gt 0); owners = @($owners); termServiceProcessId = $termPid }
} catch {
    Write-RdError -ErrorRecord $_
}

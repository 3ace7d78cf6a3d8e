# Starts, stops or restarts a service (and its dependents), or sets its start type; returns the new state.
# Input: { "name": "TermService", "action": "start" | "stop" | "restart" | "set-start-type", "startType": "Manual" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $name = [string]$in.name
    if ($in.action -eq 'start') { Start-Service -Name $name -ErrorAction Stop }
    elseif ($in.action -eq 'stop') { Stop-Service -Name $name -Force -ErrorAction Stop }
    elseif ($in.action -eq 'restart') { Restart-Service -Name $name -Force -ErrorAction Stop }
    elseif ($in.action -eq 'set-start-type') { Set-Service -Name $name -StartupType ([string]$in.startType) -ErrorAction Stop }
    else { throw "unknown action: $($in.action)" }
    $svc = Get-Service -Name $name -ErrorAction Stop
    Write-RdResult -Result @{ name = $svc.Name; status = $svc.Status.ToString(); startType = $svc.StartType.ToString() }
} catch {
    Write-RdError -ErrorRecord $_
}

# Starts, stops or restarts a service (and its dependents), or sets its start type; returns the new state.
# Stop-Service and Restart-Service wait without limit: a TermService stuck in STOP_PENDING would hold the
# session until the host gives up and leave the service half-stopped with no word of why. Here a stop is sent
# without waiting (-NoWait) and watched for at most stopSeconds; if the service is still not stopped, the
# result says so (stuck, with its process id), the caller tells the technician what to do, and nothing is
# started on top of a half-stopped service. A restart starts again the dependents that were running.
# Input: { "name": "TermService", "action": "start" | "stop" | "restart" | "set-start-type", "startType": "Manual", "stopSeconds": 60 }
# Output: { name, status, startType, stuck, processId }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')

function Wait-RdServiceStatus {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Status, [Parameter(Mandatory = $true)][int]$Seconds)
    $deadline = (Get-Date).AddSeconds($Seconds)
    do {
        if ([string](Get-Service -Name $Name -ErrorAction Stop).Status -eq $Status) { return $true }
        Start-Sleep -Milliseconds 500
    } while ((Get-Date) -lt $deadline)
    return $false
}

# Stops a service and its dependents; returns the dependents that were running and whether it stopped in time.
function Stop-RdService {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][int]$Seconds)
    $svc = Get-Service -Name $Name -ErrorAction Stop
    $running = @(@($svc.DependentServices) | Where-Object { [string]$_.Status -eq 'Running' } | ForEach-Object { [string]$_.Name })
    if ([string]$svc.Status -ne 'Stopped') { Stop-Service -Name $Name -Force -NoWait -ErrorAction Stop }
    $stopped = Wait-RdServiceStatus -Name $Name -Status 'Stopped' -Seconds $Seconds
    return @{ stopped = $stopped; dependents = @($running) }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $name = [string]$in.name
    # A service name, not a wildcard pattern: Get-Service -Name would match several.
    if ($name -notmatch '^[A-Za-z0-9_.-]+$') { throw "not a service name: $name" }
    $seconds = 60
    if ($null -ne $in.stopSeconds) { $seconds = [int]$in.stopSeconds }
    $stuck = $false
    if ($in.action -eq 'start') { Start-Service -Name $name -ErrorAction Stop }
    elseif ($in.action -eq 'stop') { $stuck = -not (Stop-RdService -Name $name -Seconds $seconds).stopped }
    elseif ($in.action -eq 'restart') {
        $stop = Stop-RdService -Name $name -Seconds $seconds
        $stuck = -not $stop.stopped
        if (-not $stuck) {
            Start-Service -Name $name -ErrorAction Stop
            foreach ($d in @($stop.dependents)) { Start-Service -Name $d -ErrorAction Stop }
        }
    }
    elseif ($in.action -eq 'set-start-type') { Set-Service -Name $name -StartupType ([string]$in.startType) -ErrorAction Stop }
    else { throw "unknown action: $($in.action)" }
    $svc = Get-Service -Name $name -ErrorAction Stop
    $processId = $null
    $wmi = @(Get-CimInstance -ClassName 'Win32_Service' -Filter ("Name='" + $svc.Name + "'") -ErrorAction Stop)
    if ($wmi.Count -gt 0) { $processId = [int]$wmi[0].ProcessId }
    Write-RdResult -Result @{ name = $svc.Name; status = $svc.Status.ToString(); startType = $svc.StartType.ToString(); stuck = $stuck; processId = $processId }
} catch {
    Write-RdError -ErrorRecord $_
}

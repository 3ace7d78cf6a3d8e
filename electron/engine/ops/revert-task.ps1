# Registers (or removes) the one-time scheduled task that reverts a security downgrade on this host, as SYSTEM,
# at the given time, whether or not RDP Doctor is still running then. The task starts the installed
# RDP Doctor.exe with --scheduled-revert=<entry id>: RDP Doctor's own rollback, validated against the fix's
# declaration and recorded in the journal (%ProgramData%\RDP Doctor), never a command line built here.
# What the task runs must be something only administrators can replace: the executable beside this script's
# install folder, under Program Files, owned by SYSTEM/Administrators/TrustedInstaller with no write access for
# anyone else. Otherwise the task is refused and the downgrade is not applied.
# Input: { "action": "register", "entryId": "20261121T101500Z-1a2b3c4d", "at": "2026-11-21T10:30:00.000Z" }
#      | { "action": "unregister", "entryId": "..." }
# Output: { "name": "\\RDP Doctor\\Revert <id>", "registered": true|false, "removed": 0|1 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')

$TaskPath = '\RDP Doctor\'
# SYSTEM, Administrators, TrustedInstaller: the only owners and writers an elevated task may trust.
$TrustedSids = @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464')

function Assert-RdAdminOnly {
    param([string]$Path)
    # FileSystemRights that let someone replace or alter a file or what a folder holds.
    $WriteRights = [System.Security.AccessControl.FileSystemRights]'WriteData, AppendData, WriteExtendedAttributes, WriteAttributes, Delete, ChangePermissions, TakeOwnership'
    $acl = Get-Acl -LiteralPath $Path
    $owner = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
    if ($TrustedSids -notcontains $owner) { throw "refusing to schedule ${Path}: its owner $owner is not SYSTEM, Administrators or TrustedInstaller" }
    foreach ($ace in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        if ($ace.AccessControlType -ne 'Allow') { continue }
        # Inherit-only entries (CREATOR OWNER on Program Files) grant nothing on this item itself.
        if (($ace.PropagationFlags -band [System.Security.AccessControl.PropagationFlags]::InheritOnly) -ne 0) { continue }
        $sid = [string]$ace.IdentityReference.Value
        if ($TrustedSids -contains $sid) { continue }
        if (($ace.FileSystemRights -band $WriteRights) -ne 0) { throw "refusing to schedule ${Path}: $sid may change it" }
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $entryId = [string]$in.entryId
    if ($entryId -notmatch '^\d{8}T\d{6}Z-[0-9a-f]{8}$') { throw "not a journal entry id: $entryId" }
    $name = 'Revert ' + $entryId
    # No such task is CmdletizationQuery_NotFound; any other error (access denied) must not read as "nothing to
    # remove", or a revert task would be left to fire: it stops the script.
    $existing = @()
    try { $existing = @(Get-ScheduledTask -TaskPath $TaskPath -TaskName $name -ErrorAction Stop) } catch {
        if ($null -ne (Get-RdReadFailure -What 'Get-ScheduledTask' -Errors $_ -AbsentIds @('CmdletizationQuery_NotFound'))) { throw }
    }
    if ($in.action -eq 'unregister') {
        if ($existing.Count -gt 0) { Unregister-ScheduledTask -TaskPath $TaskPath -TaskName $name -Confirm:$false -ErrorAction Stop }
        Write-RdResult -Result @{ name = $TaskPath + $name; registered = $false; removed = $existing.Count }
        return
    }
    if ($in.action -ne 'register') { throw "unknown action: $($in.action)" }

    # resources\ps\ops\revert-task.ps1 -> the install folder holding RDP Doctor.exe.
    $installDir = [System.IO.Path]::GetFullPath((Join-Path -Path $PSScriptRoot -ChildPath '..\..\..'))
    $exe = Join-Path -Path $installDir -ChildPath 'RDP Doctor.exe'
    $programFiles = [System.IO.Path]::GetFullPath([Environment]::GetFolderPath('ProgramFiles')).TrimEnd('\') + '\'
    if (-not $installDir.StartsWith($programFiles, [System.StringComparison]::OrdinalIgnoreCase)) {
        throw "refusing to schedule a revert: RDP Doctor runs from $installDir, not from $programFiles, so the task could start a program someone else can replace"
    }
    if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { throw "RDP Doctor.exe not found in $installDir" }
    Assert-RdAdminOnly -Path $installDir
    Assert-RdAdminOnly -Path $exe

    $at = [System.DateTimeOffset]::Parse([string]$in.at, [System.Globalization.CultureInfo]::InvariantCulture).LocalDateTime
    $action = New-ScheduledTaskAction -Execute $exe -Argument ('--scheduled-revert=' + $entryId) -WorkingDirectory $installDir
    $trigger = New-ScheduledTaskTrigger -Once -At $at
    # DeleteExpiredTaskAfter needs an end boundary, and after it the trigger can no longer start the task (not even
    # with StartWhenAvailable): a PC off for longer would never revert. So it lies a year out; a rollback by hand
    # unregisters the task, and one that ran is deleted a day after the boundary.
    # https://learn.microsoft.com/windows/win32/taskschd/taskschedulerschema-endboundary-triggerbasetype-element
    $trigger.EndBoundary = $at.AddDays(365).ToString('s')
    $principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
    # StartWhenAvailable: a PC that was off or asleep at the time reverts as soon as it can.
    $settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -DeleteExpiredTaskAfter (New-TimeSpan -Days 1) -ExecutionTimeLimit (New-TimeSpan -Minutes 10) -MultipleInstances IgnoreNew
    Register-ScheduledTask -TaskPath $TaskPath -TaskName $name -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Description 'RDP Doctor: reverts a temporary security downgrade (journal entry) at its time.' -Force -ErrorAction Stop | Out-Null
    Write-RdResult -Result @{ name = $TaskPath + $name; registered = $true; removed = 0 }
} catch {
    Write-RdError -ErrorRecord $_
}

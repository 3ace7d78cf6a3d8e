# Who RDP Doctor runs as, and who owns the desktop of its session. Under UAC over-the-shoulder elevation they
# differ, and HKCU and Credential Manager are then the administrator's, not the desktop user's.
# Input: {}. Output: { "processUser": "DOMAIN\\user", "interactiveUser": "DOMAIN\\user" | null,
#   "interactiveUnreadable": why the desktop's owner could not be read (GetOwner refused) | null }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $sessionId = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    $interactive = $null
    $ownerUnreadable = $null
    $shells = @(Get-CimInstance -ClassName 'Win32_Process' -Filter "Name = 'explorer.exe'" -ErrorAction Stop)
    foreach ($shell in $shells) {
        if ([int]$shell.SessionId -ne [int]$sessionId) { continue }
        # A refused GetOwner is kept as the reason, so "no desktop user found" is not concluded from it.
        $owner = $null
        try { $owner = Invoke-CimMethod -InputObject $shell -MethodName 'GetOwner' -ErrorAction Stop } catch { $ownerUnreadable = Get-RdErrorClass -ErrorRecord $_ }
        if ($null -ne $owner -and [int]$owner.ReturnValue -eq 0) {
            $interactive = [string]$owner.Domain + '\' + [string]$owner.User
            break
        }
    }
    if ($null -eq $interactive) {
        # No shell in this session (a service, a scheduled task): fall back to the console's user.
        $cs = Get-CimInstance -ClassName 'Win32_ComputerSystem' -ErrorAction Stop
        if (-not [string]::IsNullOrEmpty([string]$cs.UserName)) { $interactive = [string]$cs.UserName }
    }
    if ($null -ne $interactive) { $ownerUnreadable = $null }
    Write-RdResult -Result @{ processUser = [string]$identity.Name; interactiveUser = $interactive; interactiveUnreadable = $ownerUnreadable }
} catch {
    Write-RdError -ErrorRecord $_
}

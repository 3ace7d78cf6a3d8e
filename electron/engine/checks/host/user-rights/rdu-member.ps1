# Adds an account (by SID) to BUILTIN\Remote Desktop Users, or removes it again (the rollback). By SID, so the
# localized group name never matters. Prints whether the account is a direct member afterwards.
# Input: { "sid": "S-1-5-21-...", "action": "add" | "remove" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Test-RduMember {
    param([string]$Sid)
    # Listed by SID without resolving any member (Get-RdLocalGroupMembers): one orphaned SID in the group must not
    # make the check, the fix or its rollback fail.
    foreach ($m in @(Get-RdLocalGroupMembers -GroupSid 'S-1-5-32-555')) { if ([string]$m.sid -eq $Sid) { return $true } }
    return $false
}

function Find-Account {
    param([string]$Sid)
    foreach ($kind in @('Machine', 'Domain')) {
        try {
            $pc = New-Object -TypeName 'System.DirectoryServices.AccountManagement.PrincipalContext' -ArgumentList ([System.DirectoryServices.AccountManagement.ContextType]$kind)
            $p = [System.DirectoryServices.AccountManagement.Principal]::FindByIdentity($pc, [System.DirectoryServices.AccountManagement.IdentityType]::Sid, $Sid)
            if ($null -ne $p) { return $p }
        } catch { continue }
    }
    throw ('sid: no account with SID ' + $Sid + ' was found on this PC or in its domain')
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $sid = [string]$in.sid
    $action = [string]$in.action
    if ($sid -notmatch '^S-1-5-21(-\d+){4}$') { throw 'sid: expected a domain or local account SID (S-1-5-21-...)' }
    if ($action -ne 'add' -and $action -ne 'remove') { throw 'action: expected "add" or "remove"' }
    $group = Get-RdLocalGroupEntry -GroupSid 'S-1-5-32-555'
    if ($null -eq $group) { throw 'this PC has no Remote Desktop Users group (S-1-5-32-555)' }
    $member = Test-RduMember -Sid $sid
    # Through the group's WinNT object with the member's SID path ("WinNT://S-1-5-21-...", IADsGroup::Add): the
    # AccountManagement Members.Add/Remove enumerate the members first and throw on an orphaned SID (error 1332).
    # An added account must exist; a rollback's remove works by SID even when the account no longer resolves.
    if ($action -eq 'add' -and -not $member) {
        $null = Find-Account -Sid $sid
        $null = $group.Invoke('Add', ('WinNT://' + $sid))
    }
    if ($action -eq 'remove' -and $member) {
        $null = $group.Invoke('Remove', ('WinNT://' + $sid))
    }
    Write-RdResult -Result @{ sid = $sid; member = (Test-RduMember -Sid $sid) }
} catch {
    Write-RdError -ErrorRecord $_
}

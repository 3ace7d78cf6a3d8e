# Adds an account (by SID) to BUILTIN\Remote Desktop Users, or removes it again (the rollback). By SID, so the
# localized group name never matters. Prints whether the account is a direct member afterwards.
# Input: { "sid": "S-1-5-21-...", "action": "add" | "remove" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Get-RduGroup {
    Add-Type -AssemblyName 'System.DirectoryServices.AccountManagement'
    $machine = New-Object -TypeName 'System.DirectoryServices.AccountManagement.PrincipalContext' -ArgumentList ([System.DirectoryServices.AccountManagement.ContextType]::Machine)
    return [System.DirectoryServices.AccountManagement.GroupPrincipal]::FindByIdentity($machine, [System.DirectoryServices.AccountManagement.IdentityType]::Sid, 'S-1-5-32-555')
}

function Test-RduMember {
    param($Group, [string]$Sid)
    foreach ($m in @($Group.GetMembers($false))) { if ([string]$m.Sid.Value -eq $Sid) { return $true } }
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
    $group = Get-RduGroup
    $member = Test-RduMember -Group $group -Sid $sid
    if ($action -eq 'add' -and -not $member) {
        $group.Members.Add((Find-Account -Sid $sid))
        $group.Save()
    }
    if ($action -eq 'remove' -and $member) {
        $null = $group.Members.Remove((Find-Account -Sid $sid))
        $group.Save()
    }
    Write-RdResult -Result @{ sid = $sid; member = (Test-RduMember -Group $group -Sid $sid) }
} catch {
    Write-RdError -ErrorRecord $_
}

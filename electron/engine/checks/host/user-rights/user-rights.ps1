# Who may log on through Remote Desktop Services: the two user rights by SID (and the Group Policy that sets
# them), the members of Administrators and Remote Desktop Users, and the accounts the Security log shows refused
# because the logon type is not granted (4625, logon type 10, status 0xC000015B), each with the group SIDs of
# its token; and the account the technician connects with, when given (users), resolved to its SID here.
# Input: { "days": 7, "users": ["CORP\\j.doe"] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Get-RightSids {
    param([string[]]$Lines, [string]$Right)
    $sids = @()
    foreach ($line in $Lines) {
        if ($line -notmatch ('^\s*' + $Right + '\s*=\s*(.*)$')) { continue }
        foreach ($item in ($Matches[1] -split ',')) {
            $t = $item.Trim()
            if ($t.StartsWith('*')) { $sids += $t.Substring(1); continue }
            if ($t -eq '') { continue }
            try { $sids += (New-Object -TypeName 'System.Security.Principal.NTAccount' -ArgumentList $t).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { $sids += $t }
        }
    }
    return ,@($sids)
}

function Get-RightPolicy {
    param([string]$Right)
    # RSOP: precedence 1 is the Group Policy object whose setting wins. No RSOP namespace or class (no Group
    # Policy applied yet) is "no policy"; any other error (access denied) is reported, never read as "local".
    $rows = @()
    try { $rows = @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName 'RSOP_UserPrivilegeRight' -ErrorAction Stop | Where-Object { $_.UserRight -eq $Right -and $_.precedence -eq 1 }) } catch {
        $f = Get-RdReadFailure -What 'RSOP_UserPrivilegeRight' -Errors $_ -AbsentIds @('HRESULT 0x8004100e', 'HRESULT 0x80041010')
        if ($null -ne $f) { return @{ policy = $null; policyUnreadable = $f.reason } }
    }
    if ($rows.Count -eq 0) { return @{ policy = $null; policyUnreadable = $null } }
    $gpo = @()
    try { $gpo = @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName 'RSOP_GPO' -ErrorAction Stop | Where-Object { $_.id -eq $rows[0].GPOID }) } catch { $gpo = @() }
    if ($gpo.Count -gt 0) { return @{ policy = [string]$gpo[0].name; policyUnreadable = $null } }
    return @{ policy = [string]$rows[0].GPOID; policyUnreadable = $null }
}

function Get-MachineDomainSid {
    # The account domain of this PC's own accounts (the machine SID), taken from a local user's SID: by SID,
    # never by a (localized or renamed) name. Win32_UserAccount with LocalAccount = TRUE lists the SAM accounts
    # only, without asking the domain. Unreadable (or none, as on a domain controller): null, and "is this account
    # local?" stays unknown.
    try {
        $users = @(Get-CimInstance -ClassName 'Win32_UserAccount' -Filter 'LocalAccount = TRUE' -ErrorAction Stop)
        foreach ($u in $users) {
            $d = (New-Object -TypeName 'System.Security.Principal.SecurityIdentifier' -ArgumentList ([string]$u.SID)).AccountDomainSid
            if ($null -ne $d) { return [string]$d.Value }
        }
    } catch { return $null }
    return $null
}

function Test-LocalAccount {
    param([string]$Sid, $MachineSid)
    # A local account's SID is the machine SID plus a RID; LSA gives its Remote Desktop logon token S-1-5-113
    # "Local account", which CIS and DISA STIG put in "Deny log on through Remote Desktop Services".
    if ($null -eq $MachineSid) { return $null }
    try { $domain = (New-Object -TypeName 'System.Security.Principal.SecurityIdentifier' -ArgumentList $Sid).AccountDomainSid } catch { return $null }
    if ($null -eq $domain) { return $false }
    return ([string]$domain.Value -eq $MachineSid)
}

function Get-TokenGroups {
    param([string]$Sid, $LocalGroups)
    # Domain and nested groups as the logon token holds them (tokenGroups); then the local groups that contain
    # the account or one of those groups, as LSA adds them at logon.
    Add-Type -AssemblyName 'System.DirectoryServices.AccountManagement'
    $groups = @()
    $read = $false
    foreach ($kind in @('Domain', 'Machine')) {
        try {
            $pc = New-Object -TypeName 'System.DirectoryServices.AccountManagement.PrincipalContext' -ArgumentList ([System.DirectoryServices.AccountManagement.ContextType]$kind)
            $u = [System.DirectoryServices.AccountManagement.UserPrincipal]::FindByIdentity($pc, [System.DirectoryServices.AccountManagement.IdentityType]::Sid, $Sid)
            if ($null -ne $u) {
                $found = @(foreach ($g in @($u.GetAuthorizationGroups())) { [string]$g.Sid.Value })
                $groups += $found
                $read = $true
            }
        } catch { continue }
    }
    # Neither this PC nor its domain could list the account's groups (domain controller unreachable, or
    # GetAuthorizationGroups failing on a group it cannot resolve): the token is unknown. The local groups alone
    # would miss a domain group that grants or denies the right, and "not a member, not even through a domain
    # group" (with an offer to add the account to Remote Desktop Users) would be a wrong verdict.
    if (-not $read) { return $null }
    $mine = @($Sid) + $groups
    foreach ($local in $LocalGroups.Keys) {
        foreach ($m in @($LocalGroups[$local])) { if ($mine -contains $m.sid) { $groups += $local; break } }
    }
    if ($groups.Count -eq 0) { return $null }
    # The unary comma keeps a one-group answer an array: a plain domain user's token is often Domain Users alone,
    # and 5.1 unrolls a returned array, so "tokenGroups" came out as one string and the schema refused the output.
    return ,@($groups | Select-Object -Unique)
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $days = [int]$in.days
    # secedit exports the effective rights (local and Group Policy) as *SID lists, language-neutral.
    $cfg = Join-Path -Path $env:TEMP -ChildPath ('rdd-rights-' + [guid]::NewGuid().ToString('N') + '.inf')
    $run = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'secedit.exe') -ArgumentList @('/export', '/areas', 'USER_RIGHTS', '/cfg', $cfg, '/quiet')
    if ($run.exitCode -ne 0 -or -not (Test-Path -LiteralPath $cfg)) { throw ('secedit /export failed: ' + ($run.output -join ' ')) }
    $lines = @(Get-Content -LiteralPath $cfg -Encoding Unicode)
    Remove-Item -LiteralPath $cfg -Force -ErrorAction SilentlyContinue # ps-lint: allow-silent our own temp export; a leftover is harmless
    # By SID (the group names are localized), each member by its SID even when it no longer resolves.
    $admins = @(Get-RdLocalGroupMembers -GroupSid 'S-1-5-32-544')
    $rdu = @(Get-RdLocalGroupMembers -GroupSid 'S-1-5-32-555')
    $localGroups = @{ 'S-1-5-32-544' = $admins; 'S-1-5-32-555' = $rdu }
    $machineSid = Get-MachineDomainSid
    $accounts = @()
    $readable = $true
    $seen = @{}
    try {
        # Logon type 10 in the query itself: a host exposed to password spraying logs thousands of 4625s of type 3
        # (with NLA every failed password is a network logon), and the newest 500 of all types would push the
        # RemoteInteractive refusals out of sight. EventData is filtered by name, as events.ps1 does.
        $xpath = "*[System[(EventID=4625) and TimeCreated[timediff(@SystemTime) <= " + ([int64]$days * 86400000) + "]] and EventData[Data[@Name='LogonType']='10']]"
        $events = @(Get-WinEvent -LogName 'Security' -FilterXPath $xpath -MaxEvents 500 -ErrorAction Stop)
    } catch {
        $events = @()
        if ($_.FullyQualifiedErrorId -notmatch 'NoMatchingEventsFound') { $readable = $false }
    }
    foreach ($e in $events) {
        # 4625: [4] TargetUserSid, [7] Status, [9] SubStatus, [10] LogonType (10 = RemoteInteractive).
        # Only Remote Desktop logons (type 10): the same status for a network logon is another right.
        if ([int]$e.Properties[10].Value -ne 10) { continue }
        $status = [int64]$e.Properties[7].Value -band 4294967295
        $sub = [int64]$e.Properties[9].Value -band 4294967295
        if ($status -ne 3221225819 -and $sub -ne 3221225819) { continue }
        $sid = [string]$e.Properties[4].Value
        if ($sid -eq 'S-1-0-0' -or $sid -eq '') {
            # A failed logon often carries the NULL SID: resolve DOMAIN\user from the event's own fields.
            try { $sid = (New-Object -TypeName 'System.Security.Principal.NTAccount' -ArgumentList ([string]$e.Properties[6].Value), ([string]$e.Properties[5].Value)).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { continue }
        }
        if ($seen.ContainsKey($sid)) { continue }
        $seen[$sid] = $true
        $name = $null
        try { $name = (New-Object -TypeName 'System.Security.Principal.SecurityIdentifier' -ArgumentList $sid).Translate([System.Security.Principal.NTAccount]).Value } catch { $name = $null }
        $accounts += @{ sid = $sid; name = $name; tokenGroups = (Get-TokenGroups -Sid $sid -LocalGroups $localGroups); lastRefused = ConvertTo-RdDate -Value $e.TimeCreated; given = $false; local = (Test-LocalAccount -Sid $sid -MachineSid $machineSid) }
    }
    # The account the technician connects with (DOMAIN\name or a UPN, as data): NTAccount.Translate resolves
    # it to its SID through LookupAccountName; its token groups are read as for a refused account.
    $unresolved = @()
    foreach ($user in @($in.users | Where-Object { $null -ne $_ })) {
        $name = [string]$user
        try { $sid = (New-Object -TypeName 'System.Security.Principal.NTAccount' -ArgumentList $name).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch {
            $unresolved += @{ name = $name; reason = [string]$_.Exception.Message }
            continue
        }
        $known = @($accounts | Where-Object { $_.sid -eq $sid })
        if ($known.Count -gt 0) { $known[0].given = $true; continue }
        $accounts += @{ sid = $sid; name = $name; tokenGroups = (Get-TokenGroups -Sid $sid -LocalGroups $localGroups); lastRefused = $null; given = $true; local = (Test-LocalAccount -Sid $sid -MachineSid $machineSid) }
    }
    Write-RdResult -Result @{
        allow = (Get-RightPolicy -Right 'SeRemoteInteractiveLogonRight') + @{ sids = @(Get-RightSids -Lines $lines -Right 'SeRemoteInteractiveLogonRight') }
        deny = (Get-RightPolicy -Right 'SeDenyRemoteInteractiveLogonRight') + @{ sids = @(Get-RightSids -Lines $lines -Right 'SeDenyRemoteInteractiveLogonRight') }
        administrators = @($admins)
        remoteDesktopUsers = @($rdu)
        accounts = @($accounts)
        unresolved = @($unresolved)
        securityLogReadable = $readable
    }
} catch {
    Write-RdError -ErrorRecord $_
}

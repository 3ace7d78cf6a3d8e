# Windows Firewall as it applies to one port: the profiles, the profiles of the connected networks, and the
# inbound rules that matter: the rules named in the input, the rules of a group (by its language-neutral
# resource string, never the translated display group), every inbound rule whose port filter names the port,
# every enabled inbound allow rule for any port (LocalPort Any, TCP or any protocol: it lets RDP in too when its
# program and service filters match TermService), and every enabled inbound block rule for any port. Reads the ActiveStore, so Group Policy rules are included.
# Each rule comes with its remote-address, program and service filters.
# Input: { "names": ["RemoteDesktop-UserMode-In-TCP"], "group": "@FirewallAPI.dll,-28752", "port": 3389 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')

function Test-RdPortNamed {
    param([string[]]$LocalPort, [int]$Port)
    foreach ($p in @($LocalPort)) {
        $text = [string]$p
        if ($text -match '^\d+$') {
            if ([int]$text -eq $Port) { return $true }
        } elseif ($text -match '^(\d+)-(\d+)$') {
            if ($Port -ge [int]$Matches[1] -and $Port -le [int]$Matches[2]) { return $true }
        }
    }
    return $false
}

# The objects a firewall read returns; none when the cmdlet says "not found" (CmdletizationQuery_NotFound, e.g. no
# rule by that name). Any other error (access denied, the firewall service stopped) stops the script, so the check
# reports it as an error instead of judging a firewall it could not read as "no rule allows the port".
function Get-RdFirewallObjects {
    param([Parameter(Mandatory = $true)][scriptblock]$Read)
    try { return ,@(& $Read) } catch {
        if ($null -ne (Get-RdReadFailure -What 'firewall' -Errors $_ -AbsentIds @('CmdletizationQuery_NotFound'))) { throw }
        return ,@()
    }
}

function ConvertTo-RdFirewallRule {
    param([Parameter(Mandatory = $true)]$Rule)
    $protocol = 'Any'
    $ports = 'Any'
    # A port filter that cannot be read must not turn into "Any port": the error stops the script.
    $filter = Get-NetFirewallPortFilter -AssociatedNetFirewallRule $Rule -ErrorAction Stop
    if ($null -ne $filter) {
        $protocol = [string]$filter.Protocol
        $ports = (@($filter.LocalPort) | ForEach-Object { [string]$_ }) -join ','
    }
    # Which clients, program and service the rule matches: a rule limited to LocalSubnet does not let a client
    # from another subnet (a VPN) in, and one bound to another program does not cover TermService.
    $remote = 'Any'
    $address = Get-NetFirewallAddressFilter -AssociatedNetFirewallRule $Rule -ErrorAction Stop
    if ($null -ne $address) { $remote = (@($address.RemoteAddress) | ForEach-Object { [string]$_ }) -join ',' }
    $program = 'Any'
    $app = Get-NetFirewallApplicationFilter -AssociatedNetFirewallRule $Rule -ErrorAction Stop
    if ($null -ne $app -and $app.Program) { $program = [string]$app.Program }
    $service = 'Any'
    $svc = Get-NetFirewallServiceFilter -AssociatedNetFirewallRule $Rule -ErrorAction Stop
    if ($null -ne $svc -and $svc.Service) { $service = [string]$svc.Service }
    return @{
        name = [string]$Rule.Name
        remoteAddress = $remote
        program = $program
        service = $service
        displayName = [string]$Rule.DisplayName
        group = [string]$Rule.Group
        enabled = ($Rule.Enabled.ToString() -eq 'True')
        direction = $Rule.Direction.ToString()
        action = $Rule.Action.ToString()
        protocol = $protocol
        localPort = $ports
        profile = $Rule.Profile.ToString()
        policyStore = $Rule.PolicyStoreSourceType.ToString()
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $port = [int]$in.port

    $profiles = @()
    foreach ($p in @(Get-NetFirewallProfile -PolicyStore 'ActiveStore' -ErrorAction Stop)) {
        $profiles += @{ name = [string]$p.Name; enabled = ($p.Enabled.ToString() -eq 'True') }
    }

    $categories = @{ 'DomainAuthenticated' = 'Domain'; 'Private' = 'Private'; 'Public' = 'Public' }
    $active = @()
    foreach ($c in (Get-RdFirewallObjects -Read { Get-NetConnectionProfile -ErrorAction Stop })) {
        $category = $c.NetworkCategory.ToString()
        if ($categories.ContainsKey($category) -and -not ($active -contains $categories[$category])) { $active += $categories[$category] }
    }

    $found = @{}
    foreach ($name in @($in.names)) {
        foreach ($r in (Get-RdFirewallObjects -Read { Get-NetFirewallRule -Name ([string]$name) -PolicyStore 'ActiveStore' -ErrorAction Stop })) {
            if ($null -ne $r) { $found[[string]$r.Name] = $r }
        }
    }
    if ($in.group) {
        foreach ($r in (Get-RdFirewallObjects -Read { Get-NetFirewallRule -Group ([string]$in.group) -PolicyStore 'ActiveStore' -ErrorAction Stop })) {
            if ($null -ne $r) { $found[[string]$r.Name] = $r }
        }
    }
    foreach ($f in (Get-RdFirewallObjects -Read { Get-NetFirewallPortFilter -All -PolicyStore 'ActiveStore' -ErrorAction Stop })) {
        if ($null -eq $f) { continue }
        $named = Test-RdPortNamed -LocalPort @($f.LocalPort) -Port $port
        # An allow-all rule (a management subnet, a VPN) names no port: LocalPort is the keyword Any.
        $anyPort = (@($f.LocalPort | ForEach-Object { [string]$_ }) -contains 'Any') -and (@('TCP', 'Any') -contains [string]$f.Protocol)
        if (-not $named -and -not $anyPort) { continue }
        foreach ($r in (Get-RdFirewallObjects -Read { Get-NetFirewallRule -AssociatedNetFirewallPortFilter $f -ErrorAction Stop })) {
            if ($null -eq $r -or $r.Direction.ToString() -ne 'Inbound') { continue }
            if ($named -or ($r.Action.ToString() -eq 'Allow' -and $r.Enabled.ToString() -eq 'True')) { $found[[string]$r.Name] = $r }
        }
    }
    foreach ($r in (Get-RdFirewallObjects -Read { Get-NetFirewallRule -Direction 'Inbound' -Action 'Block' -Enabled 'True' -PolicyStore 'ActiveStore' -ErrorAction Stop })) {
        if ($null -ne $r) { $found[[string]$r.Name] = $r }
    }

    $rules = @()
    foreach ($key in @($found.Keys)) {
        $rules += ConvertTo-RdFirewallRule -Rule $found[$key]
    }
    Write-RdResult -Result @{ profiles = @($profiles); activeProfiles = @($active); rules = @($rules) }
} catch {
    Write-RdError -ErrorRecord $_
}

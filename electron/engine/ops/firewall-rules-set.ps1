# Enables or disables firewall rules by their language-neutral Name and returns each rule's state afterwards;
# the rollback sends each rule's previous Enabled state through the same script.
# Input: { "rules": [ { "name": "RemoteDesktop-UserMode-In-TCP", "enabled": true } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $out = @()
    foreach ($item in @($in.rules)) {
        $name = [string]$item.name
        if ([bool]$item.enabled) {
            Enable-NetFirewallRule -Name $name -ErrorAction Stop
        } else {
            Disable-NetFirewallRule -Name $name -ErrorAction Stop
        }
        $rule = Get-NetFirewallRule -Name $name -ErrorAction Stop
        $out += @{ name = $name; enabled = ($rule.Enabled.ToString() -eq 'True') }
    }
    Write-RdResult -Result @{ rules = @($out) }
} catch {
    Write-RdError -ErrorRecord $_
}

# Counts or clears this PC's DNS client cache; "flush" also re-registers the PC's own name in DNS. The
# cmdlets do what ipconfig /flushdns and /registerdns do, without console text to parse.
# Input: { "action": "count" | "flush" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    if ($in.action -ne 'count' -and $in.action -ne 'flush') { throw "unknown action: $($in.action)" }
    # An empty cache lists nothing without an error; an error (DNS Client service stopped, access denied) is not
    # "0 entries" and stops the script.
    $entries = @(Get-DnsClientCache -ErrorAction Stop)
    $names = @($entries | ForEach-Object { [string]$_.Entry } | Sort-Object -Unique | Select-Object -First 50)
    $registered = $false
    if ($in.action -eq 'flush') {
        Clear-DnsClientCache -ErrorAction Stop
        Register-DnsClient -ErrorAction Stop
        $registered = $true
    }
    Write-RdResult -Result @{ entries = $entries.Count; names = $names; flushed = ($in.action -eq 'flush'); registered = $registered }
} catch {
    Write-RdError -ErrorRecord $_
}

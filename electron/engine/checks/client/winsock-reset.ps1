# The Winsock reset that the 0x904 guides suggest: `netsh winsock reset`, then `ipconfig /release` and
# `/renew`. Cannot be undone, needs a restart, and drops every network connection for a moment.
# Input: {}. Output: { "steps": [ { command, exitCode } ] } (the check re-reads the adapters afterwards)
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\lib\rd-common.ps1')

try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $steps = @()
    $null = & netsh.exe 'winsock' 'reset'
    $steps += @{ command = 'netsh winsock reset'; exitCode = [int]$LASTEXITCODE }
    if ($LASTEXITCODE -ne 0) { throw "netsh winsock reset failed with exit code $LASTEXITCODE" }
    # ipconfig exits non-zero when one adapter has no DHCP lease to release: record it, carry on.
    $null = & ipconfig.exe '/release'
    $steps += @{ command = 'ipconfig /release'; exitCode = [int]$LASTEXITCODE }
    $null = & ipconfig.exe '/renew'
    $steps += @{ command = 'ipconfig /renew'; exitCode = [int]$LASTEXITCODE }
    Write-RdResult -Result @{ steps = @($steps) }
} catch {
    Write-RdError -ErrorRecord $_
}

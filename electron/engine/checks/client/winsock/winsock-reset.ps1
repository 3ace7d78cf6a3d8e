# The Winsock reset that the 0x904 guides suggest: `netsh winsock reset`, then `ipconfig /release` and
# `/renew`. Cannot be undone, needs a restart, and drops every network connection for a moment.
# Input: {}. Output: { "steps": [ { command, exitCode } ] } (the check re-reads the adapters afterwards)
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $steps = @()
    $reset = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'netsh.exe') -ArgumentList @('winsock', 'reset')
    $steps += @{ command = 'netsh winsock reset'; exitCode = $reset.exitCode }
    if ($reset.exitCode -ne 0) { throw ("netsh winsock reset failed with exit code $($reset.exitCode): " + ($reset.output -join ' ')) }
    # ipconfig exits non-zero when one adapter has no DHCP lease to release: record it, carry on.
    $release = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'ipconfig.exe') -ArgumentList @('/release')
    $steps += @{ command = 'ipconfig /release'; exitCode = $release.exitCode }
    $renew = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'ipconfig.exe') -ArgumentList @('/renew')
    $steps += @{ command = 'ipconfig /renew'; exitCode = $renew.exitCode }
    Write-RdResult -Result @{ steps = @($steps) }
} catch {
    Write-RdError -ErrorRecord $_
}

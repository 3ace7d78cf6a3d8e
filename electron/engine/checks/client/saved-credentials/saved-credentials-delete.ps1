# Deletes one saved Remote Desktop credential with `cmdkey /delete:TERMSRV/<host>` (the target passed as one
# argument, as data), then confirms with `cmdkey /list:<target>` that no "target=<target>" line is left.
# cmdkey's labels are localized ("Target:", "Ziel:"), so only the language-neutral target= part is read.
# Cannot be undone: the caller journals target, user and date first.
# Input: { "target": "TERMSRV/host" }. Output: { "target": "TERMSRV/host", "deleted": true, "exitCode": 0 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $target = [string]$in.target
    if ($target -notmatch '^TERMSRV/[A-Za-z0-9._:%\[\]\-]{1,260}$') { throw "not a Remote Desktop credential target: $target" }
    # cmdkey reports "element not found" and the like on stderr: captured, and judged by the list afterwards.
    $deletion = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'cmdkey.exe') -ArgumentList @('/delete:' + $target)
    $exit = $deletion.exitCode
    $listing = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'cmdkey.exe') -ArgumentList @('/list:' + $target)
    $left = @($listing.output | Where-Object { ([string]$_).IndexOf('target=' + $target, [System.StringComparison]::OrdinalIgnoreCase) -ge 0 })
    if ($left.Count -gt 0) { throw ("cmdkey could not delete $target (exit code $exit): " + ($deletion.output -join ' ')) }
    Write-RdResult -Result @{ target = $target; deleted = $true; exitCode = [int]$exit }
} catch {
    Write-RdError -ErrorRecord $_
}

# Sets each item's DACL from SDDL, files before their folder (a folder changed first could lock the repair out
# of what is inside). When takeOwnership is set, ownership goes to the Administrators group first, the way
# Microsoft documents for MachineKeys (takeown /a): icacls /setowner "does not force a change of ownership",
# and without ownership an administrator may lack READ_CONTROL and WRITE_DAC on a key file (KB 278381).
# Input: { "items": [ { "path": "...", "sddl": "D:P(A;;FA;;;BA)", "takeOwnership": true } ] }
# Output: { set, ownershipTaken }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $set = 0
    $taken = 0
    foreach ($item in @(@($in.items) | Sort-Object -Property { ([string]$_.path).Length } -Descending)) {
        $p = [string]$item.path
        if ([bool]$item.takeOwnership) {
            $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'takeown.exe') -ArgumentList @('/f', $p, '/a')
            if ($r.exitCode -ne 0) { throw ("takeown /a failed on ${p} (exit $($r.exitCode))") }
            $taken++
        }
        $fsItem = Get-Item -LiteralPath $p -Force -ErrorAction Stop
        $sec = $fsItem.GetAccessControl('Access')
        $sec.SetSecurityDescriptorSddlForm([string]$item.sddl, 'Access')
        $fsItem.SetAccessControl($sec)
        $set++
    }
    Write-RdResult -Result @{ set = $set; ownershipTaken = $taken }
} catch {
    Write-RdError -ErrorRecord $_
}

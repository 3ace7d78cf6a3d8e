# Sets, when given, each item's owner by SID through icacls /setowner, then its DACL from SDDL (only the Access
# section is written, so the owner is untouched by that).
# Input: { "items": [ { "path": "...", "sddl": "D:P(A;;FA;;;BA)", "ownerSid": "S-1-5-32-544" | null } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $set = 0
    foreach ($item in @($in.items)) {
        $p = [string]$item.path
        $fsItem = Get-Item -LiteralPath $p -Force -ErrorAction Stop
        # Owner first: on a broken item Administrators may lack READ_CONTROL/WRITE_DAC, which ownership grants.
        if ($null -ne $item.ownerSid) {
            $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($p, '/setowner', ('*' + [string]$item.ownerSid), '/c')
            if ($r.exitCode -ne 0) { throw ("icacls /setowner failed on ${p} (exit $($r.exitCode)): " + ($r.output -join ' ')) }
        }
        $sec = $fsItem.GetAccessControl('Access')
        $sec.SetSecurityDescriptorSddlForm([string]$item.sddl, 'Access')
        $fsItem.SetAccessControl($sec)
        $set++
    }
    Write-RdResult -Result @{ set = $set }
} catch {
    Write-RdError -ErrorRecord $_
}

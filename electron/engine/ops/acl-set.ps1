# Sets the DACL of each item from SDDL (only the Access section is written, so the owner is untouched by it)
# and, when given, the owner by SID through icacls /setowner.
# Input: { "items": [ { "path": "...", "sddl": "D:P(A;;FA;;;BA)", "ownerSid": "S-1-5-32-544" | null } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $set = 0
    foreach ($item in @($in.items)) {
        $p = [string]$item.path
        $fsItem = Get-Item -LiteralPath $p -Force -ErrorAction Stop
        $sec = $fsItem.GetAccessControl('Access')
        $sec.SetSecurityDescriptorSddlForm([string]$item.sddl, 'Access')
        $fsItem.SetAccessControl($sec)
        if ($null -ne $item.ownerSid) {
            $ErrorActionPreference = 'Continue'
            $out = @(& icacls.exe $p /setowner ('*' + [string]$item.ownerSid) /c 2>&1 | ForEach-Object { [string]$_ })
            $code = $LASTEXITCODE
            $ErrorActionPreference = 'Stop'
            if ($code -ne 0) { throw ("icacls /setowner failed on ${p} (exit $code): " + ($out -join ' ')) }
        }
        $set++
    }
    Write-RdResult -Result @{ set = $set }
} catch {
    Write-RdError -ErrorRecord $_
}

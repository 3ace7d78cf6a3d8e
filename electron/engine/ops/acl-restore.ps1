# Restores what acl-save saved: the DACLs with icacls <parent> /restore, then each item's owner by SID with
# icacls /setowner (language-neutral; Set-Acl cannot give ownership to another account).
# Input: { "path": "C:\\...\\MachineKeys", "saveData": "<base64>", "owners": [ { "path": "...", "ownerSid": "S-1-5-32-544" } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $parent = Split-Path -Path $path -Parent
    $saveFile = Join-Path -Path $env:TEMP -ChildPath ('rdpdoctor-acl-' + [guid]::NewGuid().ToString('N') + '.txt')
    [System.IO.File]::WriteAllBytes($saveFile, [System.Convert]::FromBase64String([string]$in.saveData))
    $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($parent, '/restore', $saveFile, '/c')
    Remove-Item -LiteralPath $saveFile -Force
    if ($r.exitCode -ne 0) { throw ("icacls /restore failed (exit $($r.exitCode)): " + ($r.output -join ' ')) }
    $owners = 0
    foreach ($o in @($in.owners)) {
        $p = [string]$o.path
        if (-not (Test-Path -LiteralPath $p)) { continue }
        # The restored DACL may not let Administrators read it; then set the owner without comparing first.
        $current = $null
        try { $current = (Get-Acl -LiteralPath $p).GetOwner([System.Security.Principal.SecurityIdentifier]).Value } catch { $current = $null }
        if ($current -eq [string]$o.ownerSid) { continue }
        $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($p, '/setowner', ('*' + [string]$o.ownerSid), '/c')
        if ($r.exitCode -ne 0) { throw ("icacls /setowner failed on ${p} (exit $($r.exitCode)): " + ($r.output -join ' ')) }
        $owners++
    }
    Write-RdResult -Result @{ restored = $true; ownersChanged = $owners }
} catch {
    Write-RdError -ErrorRecord $_
}

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
    $ErrorActionPreference = 'Continue'
    $out = @(& icacls.exe $parent /restore $saveFile /c 2>&1 | ForEach-Object { [string]$_ })
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    Remove-Item -LiteralPath $saveFile -Force
    if ($code -ne 0) { throw ("icacls /restore failed (exit $code): " + ($out -join ' ')) }
    $owners = 0
    foreach ($o in @($in.owners)) {
        $p = [string]$o.path
        if (-not (Test-Path -LiteralPath $p)) { continue }
        $current = (Get-Acl -LiteralPath $p).GetOwner([System.Security.Principal.SecurityIdentifier]).Value
        if ($current -eq [string]$o.ownerSid) { continue }
        $ErrorActionPreference = 'Continue'
        $out = @(& icacls.exe $p /setowner ('*' + [string]$o.ownerSid) /c 2>&1 | ForEach-Object { [string]$_ })
        $code = $LASTEXITCODE
        $ErrorActionPreference = 'Stop'
        if ($code -ne 0) { throw ("icacls /setowner failed on ${p} (exit $code): " + ($out -join ' ')) }
        $owners++
    }
    Write-RdResult -Result @{ restored = $true; ownersChanged = $owners }
} catch {
    Write-RdError -ErrorRecord $_
}

# Saves the DACLs of a folder tree with icacls /save (the file's bytes come back as base64, so the journal
# holds them, not a temp file on the host) and every item's owner, which icacls /save does not keep.
# Input: { "path": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys" } (a folder tree, or one file)
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    if (-not (Test-Path -LiteralPath $path)) { throw "path not found: $path" }
    $saveFile = Join-Path -Path $env:TEMP -ChildPath ('rdpdoctor-acl-' + [guid]::NewGuid().ToString('N') + '.txt')
    $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($path, '/save', $saveFile, '/t', '/c')
    if ($r.exitCode -ne 0 -or -not (Test-Path -LiteralPath $saveFile)) {
        if (Test-Path -LiteralPath $saveFile) { Remove-Item -LiteralPath $saveFile -Force }
        throw ("icacls /save failed (exit $($r.exitCode)): " + ($r.output -join ' '))
    }
    $bytes = [System.IO.File]::ReadAllBytes($saveFile)
    Remove-Item -LiteralPath $saveFile -Force
    # A List, not +=: a bloated MachineKeys folder holds tens of thousands of files, and += copies each time.
    $owners = New-Object -TypeName 'System.Collections.Generic.List[object]'
    $root = Get-Item -LiteralPath $path -Force
    $items = @($root)
    if ($root.PSIsContainer) { $items += @(Get-ChildItem -LiteralPath $path -Recurse -Force) }
    foreach ($it in $items) {
        $acl = $it.GetAccessControl('Owner')
        $sid = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
        # The name is for people only; an orphaned SID (deleted account) has none.
        $name = $sid
        try { $name = [string]$acl.GetOwner([System.Security.Principal.NTAccount]).Value } catch { $name = $sid }
        $owners.Add(@{ path = [string]$it.FullName; owner = $name; ownerSid = $sid })
    }
    Write-RdResult -Result @{ path = $path; saveData = [System.Convert]::ToBase64String($bytes); owners = @($owners.ToArray()) }
} catch {
    Write-RdError -ErrorRecord $_
}

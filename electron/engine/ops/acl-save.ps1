# Saves the DACLs of a folder tree with icacls /save into a file in RDP Doctor's journal folder on this host,
# and every readable item's owner (icacls /save does not keep owners) into a second file, one "SID<TAB>path"
# line each. Files, not JSON: a MachineKeys folder with thousands of keys would pass 5.1's 2,097,152-character
# ConvertFrom-Json limit on the way back. KB 278381: Administrators often may not read a key file's security
# descriptor; such items are listed as unreadable (and left out), never a reason to fail the whole snapshot.
# The journal keeps both files' SHA-256, so a restore refuses a file changed since. saveDir is the acl folder of
# RDP Doctor's protected journal folder (%ProgramData%\RDP Doctor\journal\acl); null for a preview, which
# counts the items and the unreadable ones and writes nothing (the file fields are then null).
# Input: { "path": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys", "saveDir": "C:\\ProgramData\\RDP Doctor\\journal\\acl", "id": "20261201T..." }
# Output: { path, saveFile, saveSha256, ownersFile, ownersSha256, items, unreadableCount, unreadable: [ { path, error } ] (first 200) }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $id = [string]$in.id
    if ($id -notmatch '^[A-Za-z0-9-]+$') { throw "not a snapshot id: $id" }
    $root = Get-RdItemOrNull -LiteralPath $path
    if ($null -eq $root) { throw "path not found: $path" }
    $dir = $null
    if ($null -ne $in.saveDir) { $dir = [string]$in.saveDir }
    if ($null -ne $dir) {
        if ($null -eq (Get-RdItemOrNull -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir -Force -ErrorAction Stop }
        # Administrators and SYSTEM only: a save file someone else could plant would become the ACLs of rollback.
        $lock = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($dir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F')
        if ($lock.exitCode -ne 0) { throw ("could not restrict the journal folder (icacls exit $($lock.exitCode))") }
        $saveFile = Join-Path -Path $dir -ChildPath ($id + '.icacls')
        $ownersFile = Join-Path -Path $dir -ChildPath ($id + '.owners')
        # /c: go on past items it cannot read; they are found and named below.
        $r = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'icacls.exe') -ArgumentList @($path, '/save', $saveFile, '/t', '/c', '/q')
        if ($null -eq (Get-RdItemOrNull -LiteralPath $saveFile)) { throw ("icacls /save wrote nothing (exit $($r.exitCode))") }
    }
    $lines = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $unreadable = New-Object -TypeName 'System.Collections.Generic.List[object]'
    $items = @($root)
    if ($root.PSIsContainer) { $items += @(Get-ChildItem -LiteralPath $path -Recurse -Force -ErrorAction Stop) }
    foreach ($it in $items) {
        try {
            $sid = [string]$it.GetAccessControl('Owner').GetOwner([System.Security.Principal.SecurityIdentifier]).Value
            $lines.Add($sid + "`t" + [string]$it.FullName)
        } catch {
            $unreadable.Add(@{ path = [string]$it.FullName; error = [string]$_.Exception.Message })
        }
    }
    $first = @($unreadable.ToArray() | Select-Object -First 200)
    $result = @{ path = $path; saveFile = $null; saveSha256 = $null; ownersFile = $null; ownersSha256 = $null; items = $items.Count; unreadableCount = $unreadable.Count; unreadable = @($first) }
    if ($null -ne $dir) {
        [System.IO.File]::WriteAllLines($ownersFile, $lines.ToArray(), (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false))
        $result.saveFile = $saveFile
        $result.saveSha256 = [string](Get-FileHash -LiteralPath $saveFile -Algorithm 'SHA256').Hash
        $result.ownersFile = $ownersFile
        $result.ownersSha256 = [string](Get-FileHash -LiteralPath $ownersFile -Algorithm 'SHA256').Hash
    }
    Write-RdResult -Result $result
} catch {
    Write-RdError -ErrorRecord $_
}

# Restores what acl-save saved, read from its two files (never through JSON: no size limit). Both files must
# still have the SHA-256 the journal recorded, or nothing changes. Order matters: the DACLs first (icacls
# /restore), while Administrators still own the items the repair took over and so may write them; then the
# owners (icacls /setowner, which may set any SID for an administrator), files before their folder. An item
# that fails is reported and the rest still restored, rather than stopping half-way. The two files are kept:
# until the journal records the rollback, a rollback interrupted after this script (a killed app, a dropped
# WinRM session) is done again from them, and deleting them here left that second rollback with nothing.
# Input: { "path": "C:\\...\\MachineKeys", "saveFile": "...", "saveSha256": "...", "ownersFile": "...", "ownersSha256": "..." }
# Output: { restored, ownersChanged, failures: [ { path, step, exitCode } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $icacls = Get-RdSystemTool -Name 'icacls.exe'
    foreach ($f in @(@{ file = [string]$in.saveFile; sha = [string]$in.saveSha256 }, @{ file = [string]$in.ownersFile; sha = [string]$in.ownersSha256 })) {
        if ($null -eq (Get-RdItemOrNull -LiteralPath $f.file)) { throw "snapshot file missing: $($f.file)" }
        $actual = [string](Get-FileHash -LiteralPath $f.file -Algorithm 'SHA256').Hash
        if ($actual -ne $f.sha) { throw "snapshot file changed since it was saved (SHA-256 differs): $($f.file)" }
    }
    # Every item either file names must lie inside the saved folder, or nothing changes: icacls /restore runs
    # on the parent, so a save naming a sibling (or climbing out with ..) would rewrite ACLs elsewhere.
    # icacls /save: UTF-16LE lines alternating an item name (relative to the parent) and its SDDL.
    $parent = Split-Path -Path $path -Parent
    $leaf = Split-Path -Path $path -Leaf
    $saveLines = @([System.IO.File]::ReadAllLines([string]$in.saveFile, [System.Text.Encoding]::Unicode) | Where-Object { $_ -ne '' })
    $named = @(for ($i = 0; $i -lt $saveLines.Count; $i += 2) { $saveLines[$i].TrimStart([char]0xFEFF) })
    $ownerPaths = @([System.IO.File]::ReadAllLines([string]$in.ownersFile) | Where-Object { $_ -match "`t" } | ForEach-Object { $_.Split([char[]]@([char]9), 2)[1] })
    foreach ($n in $named) {
        if (($n -ne $leaf -and -not $n.StartsWith($leaf + '\', [System.StringComparison]::OrdinalIgnoreCase)) -or ($n -split '\\') -contains '..') { throw "the ACL save names $n, outside $path`: nothing was restored" }
    }
    foreach ($p in $ownerPaths) {
        if (($p -ne $path -and -not $p.StartsWith($path + '\', [System.StringComparison]::OrdinalIgnoreCase)) -or ($p -split '\\') -contains '..') { throw "the owners file names $p, outside $path`: nothing was restored" }
    }
    $failures = New-Object -TypeName 'System.Collections.Generic.List[object]'
    $r = Invoke-RdNative -FilePath $icacls -ArgumentList @($parent, '/restore', [string]$in.saveFile, '/c', '/q')
    if ($r.exitCode -ne 0) { $failures.Add(@{ path = $path; step = 'restore-dacl'; exitCode = $r.exitCode }) }
    # Deepest first: a folder's owner last, after everything inside it.
    $entries = @([System.IO.File]::ReadAllLines([string]$in.ownersFile) | Where-Object { $_ -match "`t" } | Sort-Object -Property 'Length' -Descending)
    $changed = 0
    foreach ($line in $entries) {
        $parts = $line.Split([char[]]@([char]9), 2)
        $sid = $parts[0]
        $p = $parts[1]
        if ($sid -notmatch '^S-1-[0-9-]+$') { throw "not a SID in the owners file: $sid" }
        if ($null -eq (Get-RdItemOrNull -LiteralPath $p)) { continue }
        $current = $null
        try { $current = [string](Get-Acl -LiteralPath $p).GetOwner([System.Security.Principal.SecurityIdentifier]).Value } catch { $current = $null }
        if ($current -eq $sid) { continue }
        $o = Invoke-RdNative -FilePath $icacls -ArgumentList @($p, '/setowner', ('*' + $sid), '/c', '/q')
        if ($o.exitCode -ne 0) { $failures.Add(@{ path = $p; step = 'set-owner'; exitCode = $o.exitCode }) } else { $changed++ }
    }
    Write-RdResult -Result @{ restored = ($failures.Count -eq 0); ownersChanged = $changed; failures = @($failures.ToArray()) }
} catch {
    Write-RdError -ErrorRecord $_
}

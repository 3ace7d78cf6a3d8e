# Renames a file or folder in place. When the new name is taken: with replaceEmpty an EMPTY folder there is
# removed first; with mergeExisting what that folder holds (keys other services created in the MachineKeys folder
# Windows recreated after a rename aside) is first moved into the folder being renamed, so nothing is lost. Every
# name is checked before anything moves: a clash stops the rename with nothing changed.
# Input: { "path": "C:\\...\\MachineKeys", "newName": "MachineKeys.rdpdoctor-20250101T000000Z", "replaceEmpty": false, "mergeExisting": false }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $newName = [string]$in.newName
    $merge = [bool]$in.mergeExisting
    if ($newName -match '[\\/:]') { throw "newName must be a name, not a path: $newName" }
    if (-not (Test-Path -LiteralPath $path)) { throw "path not found: $path" }
    $target = Join-Path -Path (Split-Path -Path $path -Parent) -ChildPath $newName
    $replaced = $false
    $moved = @()
    if (Test-Path -LiteralPath $target) {
        $children = @(Get-ChildItem -LiteralPath $target -Force)
        if (-not ([bool]$in.replaceEmpty -or $merge) -or ($children.Count -gt 0 -and -not $merge)) {
            throw "$target already exists and holds $($children.Count) item(s); nothing was renamed"
        }
        foreach ($c in $children) {
            if (Test-Path -LiteralPath (Join-Path -Path $path -ChildPath $c.Name)) {
                throw "$($c.Name) is in both $target and $path; nothing was moved or renamed"
            }
        }
        foreach ($c in $children) {
            Move-Item -LiteralPath $c.FullName -Destination (Join-Path -Path $path -ChildPath $c.Name) -ErrorAction Stop
            $moved += $c.Name
        }
        Remove-Item -LiteralPath $target -Force -ErrorAction Stop
        $replaced = $true
    }
    Rename-Item -LiteralPath $path -NewName $newName -ErrorAction Stop
    Write-RdResult -Result @{ from = $path; to = $target; replacedEmpty = $replaced; moved = @($moved) }
} catch {
    Write-RdError -ErrorRecord $_
}

# Renames a file or folder in place. When the new name is taken and replaceEmpty is set, an EMPTY folder there
# is removed first (what Windows recreated after a rename aside); a non-empty one stops the rename.
# Input: { "path": "C:\\...\\MachineKeys", "newName": "MachineKeys.rdpdoctor-20250101T000000Z", "replaceEmpty": false }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $newName = [string]$in.newName
    if ($newName -match '[\\/:]') { throw "newName must be a name, not a path: $newName" }
    if (-not (Test-Path -LiteralPath $path)) { throw "path not found: $path" }
    $target = Join-Path -Path (Split-Path -Path $path -Parent) -ChildPath $newName
    $replaced = $false
    if (Test-Path -LiteralPath $target) {
        $children = @(Get-ChildItem -LiteralPath $target -Force)
        if (-not [bool]$in.replaceEmpty -or $children.Count -gt 0) {
            throw "$target already exists and holds $($children.Count) item(s); nothing was renamed"
        }
        Remove-Item -LiteralPath $target -Force -ErrorAction Stop
        $replaced = $true
    }
    Rename-Item -LiteralPath $path -NewName $newName -ErrorAction Stop
    Write-RdResult -Result @{ from = $path; to = $target; replacedEmpty = $replaced }
} catch {
    Write-RdError -ErrorRecord $_
}

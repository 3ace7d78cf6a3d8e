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
    # icacls reports failures on stderr; 5.1 would turn that into a terminating error under 'Stop'.
    $ErrorActionPreference = 'Continue'
    $out = @(& icacls.exe $path /save $saveFile /t /c 2>&1 | ForEach-Object { [string]$_ })
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    if ($code -ne 0 -or -not (Test-Path -LiteralPath $saveFile)) {
        if (Test-Path -LiteralPath $saveFile) { Remove-Item -LiteralPath $saveFile -Force }
        throw ("icacls /save failed (exit $code): " + ($out -join ' '))
    }
    $bytes = [System.IO.File]::ReadAllBytes($saveFile)
    Remove-Item -LiteralPath $saveFile -Force
    $owners = @()
    $root = Get-Item -LiteralPath $path -Force
    $items = @($root)
    if ($root.PSIsContainer) { $items += @(Get-ChildItem -LiteralPath $path -Recurse -Force) }
    foreach ($it in $items) {
        $acl = Get-Acl -LiteralPath $it.FullName
        $sid = $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
        $owners += @{ path = [string]$it.FullName; owner = [string]$acl.Owner; ownerSid = [string]$sid }
    }
    Write-RdResult -Result @{ path = $path; saveData = [System.Convert]::ToBase64String($bytes); owners = @($owners) }
} catch {
    Write-RdError -ErrorRecord $_
}

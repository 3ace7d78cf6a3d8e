# Creates RDP Doctor's machine journal folder (%ProgramData%\RDP Doctor) with its restricted security in the
# same call (Directory.CreateDirectory with a DirectorySecurity: no moment with the inherited ProgramData ACL,
# where standard users may create and write), and reports owner and DACL so the caller can verify them on
# every start. SDDL: owner Administrators; protected DACL (no inherited ACEs); SYSTEM and Administrators only.
# Input: { "path": "C:\\ProgramData\\RDP Doctor", "create": true }
# Output: { "path", "exists", "created", "isDirectory", "reparsePoint", "owner", "protected",
#           "aces": [ { "sid", "rights", "type", "inherited" } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $path = [string]$in.path
    $created = $false
    if ($in.create -and -not (Test-Path -LiteralPath $path)) {
        $security = New-Object -TypeName 'System.Security.AccessControl.DirectorySecurity'
        $security.SetSecurityDescriptorSddlForm('O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)')
        [System.IO.Directory]::CreateDirectory($path, $security) | Out-Null
        $created = $true
    }
    if (-not (Test-Path -LiteralPath $path)) {
        Write-RdResult -Result @{ path = $path; exists = $false; created = $false; isDirectory = $false; reparsePoint = $false; owner = ''; protected = $false; aces = @() }
        return
    }
    $item = Get-Item -LiteralPath $path -Force
    $acl = Get-Acl -LiteralPath $path
    $aces = @()
    foreach ($rule in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        $aces += @{ sid = [string]$rule.IdentityReference.Value; rights = [int64]$rule.FileSystemRights; type = [string]$rule.AccessControlType; inherited = [bool]$rule.IsInherited }
    }
    Write-RdResult -Result @{
        path         = $path
        exists       = $true
        created      = $created
        isDirectory  = [bool]$item.PSIsContainer
        reparsePoint = (($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0)
        owner        = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
        protected    = [bool]$acl.AreAccessRulesProtected
        aces         = @($aces)
    }
} catch {
    Write-RdError -ErrorRecord $_
}

# The MachineKeys folder's owner and ACL, and the ACL of the key file of the certificate RDP uses
# (Win32_TSGeneralSetting.SSLCertificateSHA1Hash, looked up in Remote Desktop, then My). ACEs carry SIDs,
# since account names are localized, and the rights as a number as well as text.
# Input: { "path": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

function Get-RdAclView {
    param([Parameter(Mandatory = $true)][string]$Path)
    $acl = Get-Acl -LiteralPath $Path
    $aces = @()
    foreach ($r in @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))) {
        $sid = [string]$r.IdentityReference.Value
        $name = $sid
        try { $name = [string]$r.IdentityReference.Translate([System.Security.Principal.NTAccount]).Value } catch { $name = $sid }
        $mask = [int64][int]$r.FileSystemRights
        if ($mask -lt 0) { $mask += 4294967296 }
        $aces += @{
            identity = $name
            sid = $sid
            rights = $r.FileSystemRights.ToString()
            mask = $mask
            type = $r.AccessControlType.ToString()
            inherited = [bool]$r.IsInherited
            inheritance = $r.InheritanceFlags.ToString()
        }
    }
    return @{
        owner = [string]$acl.Owner
        ownerSid = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
        acl = @($aces)
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $dirPath = [string]$in.path
    $dir = @{ path = $dirPath; exists = $false; owner = $null; ownerSid = $null; acl = @() }
    if (Test-Path -LiteralPath $dirPath -PathType Container) {
        $view = Get-RdAclView -Path $dirPath
        $dir = @{ path = $dirPath; exists = $true; owner = $view.owner; ownerSid = $view.ownerSid; acl = $view.acl }
    }
    $keyFile = $null
    $note = $null
    $thumb = $null
    $ts = @()
    $tsError = $null
    # The TerminalServices provider refuses standard users: say so rather than "no certificate in use".
    try {
        $ts = @(Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'" -ErrorAction Stop)
    } catch {
        $tsError = [string]$_.Exception.Message
    }
    if ($ts.Count -gt 0 -and $ts[0].SSLCertificateSHA1Hash) { $thumb = ([string]$ts[0].SSLCertificateSHA1Hash).ToUpperInvariant() }
    $cert = $null
    $store = $null
    if ($null -ne $tsError) {
        $note = 'the certificate in use could not be read from Win32_TSGeneralSetting (run elevated): ' + $tsError
    } elseif ($null -eq $thumb -or $thumb -match '^0+$') {
        $note = 'RDP has no certificate in use (Win32_TSGeneralSetting.SSLCertificateSHA1Hash is empty)'
    } else {
        foreach ($s in @('Remote Desktop', 'My')) {
            $p = 'Cert:\LocalMachine\' + $s + '\' + $thumb
            if (Test-Path -LiteralPath $p) { $cert = Get-Item -LiteralPath $p; $store = $s; break }
        }
        if ($null -eq $cert) { $note = "the certificate in use ($thumb) is in neither Remote Desktop nor My" }
    }
    if ($null -ne $cert) {
        $name = $null
        $provider = 'CSP'
        try { $name = [string]$cert.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName } catch { $name = $null }
        if (-not $name) {
            try {
                $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($cert)
                if ($rsa -is [System.Security.Cryptography.RSACng]) { $name = [string]$rsa.Key.UniqueName; $provider = 'CNG' }
            } catch {
                # The HResult is language-neutral (0x80090016 keyset does not exist: key file gone or unreadable);
                # PowerShell wraps the CryptographicException in a MethodInvocationException.
                $ex = $_.Exception
                while ($null -ne $ex.InnerException) { $ex = $ex.InnerException }
                $note = ('the private key could not be opened (0x{0:X8}): {1}' -f $ex.HResult, $ex.Message)
            }
        }
        if ($name) {
            $keyPath = Join-Path -Path $dirPath -ChildPath $name
            if ($provider -eq 'CNG') { $keyPath = Join-Path -Path (Join-Path -Path $env:ProgramData -ChildPath 'Microsoft\Crypto\Keys') -ChildPath $name }
            $keyFile = @{ thumbprint = $thumb; store = $store; provider = $provider; name = $name; path = $keyPath; exists = $false; owner = $null; ownerSid = $null; acl = @() }
            if (Test-Path -LiteralPath $keyPath) {
                try {
                    $view = Get-RdAclView -Path $keyPath
                    $keyFile.exists = $true
                    $keyFile.owner = $view.owner
                    $keyFile.ownerSid = $view.ownerSid
                    $keyFile.acl = $view.acl
                } catch {
                    $keyFile = $null
                    $note = 'the key file ACL could not be read: ' + $_.Exception.Message
                }
            }
        } elseif ($null -eq $note) {
            $note = "the certificate in use ($thumb) has no private key container"
        }
    }
    Write-RdResult -Result @{ dir = $dir; keyFile = $keyFile; keyNote = $note }
} catch {
    Write-RdError -ErrorRecord $_
}

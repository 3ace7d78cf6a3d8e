# The MachineKeys folder's owner and ACL, and the ACL of the key file of the certificate RDP uses
# (Win32_TSGeneralSetting.SSLCertificateSHA1Hash, looked up in Remote Desktop, then My). ACEs carry SIDs,
# since account names are localized, and the rights as a number as well as text.
# The key file is found without opening the key: opening fails with NTE_BAD_KEYSET (0x80090016) both when the
# file is gone and when this account cannot read it (KB 278381: administrators often lack rights on key files).
# The certificate's CERT_KEY_PROV_INFO property names the container; a CSP machine key's file name is
# MD5(lower-case container name + NUL, ASCII) as four little-endian DWORDs in hex, "_", MachineGuid. Whether the
# file exists is proven by listing the folder (which needs rights on the folder only), never by opening it.
# A key file whose ACL cannot be read is reported with aclError, not dropped.
# Input: { "path": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
$provInfoSource = @'
using System;
using System.Runtime.InteropServices;
public static class RdKeyProvInfo {
    [DllImport("crypt32.dll", SetLastError = true)]
    static extern bool CertGetCertificateContextProperty(IntPtr ctx, uint id, IntPtr data, ref uint size);
    // CERT_KEY_PROV_INFO_PROP_ID (2) is stored with the certificate: reading it never opens the key.
    public static string[] Get(IntPtr ctx) {
        uint size = 0;
        if (!CertGetCertificateContextProperty(ctx, 2, IntPtr.Zero, ref size)) return null;
        IntPtr buf = Marshal.AllocHGlobal((int)size);
        try {
            if (!CertGetCertificateContextProperty(ctx, 2, buf, ref size)) return null;
            // CRYPT_KEY_PROV_INFO: pwszContainerName, pwszProvName, dwProvType (0 for a CNG key storage provider).
            string container = Marshal.PtrToStringUni(Marshal.ReadIntPtr(buf, 0));
            string provider = Marshal.PtrToStringUni(Marshal.ReadIntPtr(buf, IntPtr.Size));
            int provType = Marshal.ReadInt32(buf, IntPtr.Size * 2);
            return new string[] { container, provider, provType.ToString() };
        } finally { Marshal.FreeHGlobal(buf); }
    }
}
'@

# The MachineKeys file name of a CSP key container (see above); $null when it cannot be computed (FIPS mode
# forbids MD5, or the MachineGuid is unreadable).
function Get-RdCspKeyFileName {
    param([Parameter(Mandatory = $true)][string]$Container)
    try {
        $guid = Get-RdRegistryValue -Key 'HKLM\SOFTWARE\Microsoft\Cryptography' -Name 'MachineGuid'
        if (-not $guid.exists) { return $null }
        $bytes = [System.Text.Encoding]::ASCII.GetBytes($Container.ToLowerInvariant() + [string][char]0)
        $hash = [System.Security.Cryptography.MD5]::Create().ComputeHash($bytes)
        $hex = ''
        for ($i = 0; $i -lt 16; $i += 4) { for ($j = 3; $j -ge 0; $j--) { $hex += $hash[$i + $j].ToString('x2') } }
        return $hex + '_' + [string]$guid.data
    } catch {
        return $null
    }
}

# Whether a file is in a folder, by listing the folder: { proven, exists }. Not proven when the folder cannot be listed.
function Test-RdListed {
    param([Parameter(Mandatory = $true)][string]$Folder, [Parameter(Mandatory = $true)][string]$Name)
    try {
        $hit = @(Get-ChildItem -LiteralPath $Folder -Filter $Name -Force -ErrorAction Stop | Where-Object { $_.Name -eq $Name })
        return @{ proven = $true; exists = ($hit.Count -gt 0) }
    } catch {
        return @{ proven = $false; exists = $false }
    }
}

# The container and provider recorded with the certificate, without opening its key; $null when unknown.
function Get-RdKeyProvInfo {
    param([Parameter(Mandatory = $true)]$Certificate)
    try {
        if (-not ('RdKeyProvInfo' -as [type])) { Add-Type -TypeDefinition $provInfoSource -Language CSharp }
        $info = [RdKeyProvInfo]::Get($Certificate.Handle)
        if ($null -eq $info) { return $null }
        return @{ container = [string]$info[0]; provider = [string]$info[1]; provType = [int]$info[2] }
    } catch {
        return $null
    }
}

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
    # Get-RdItemOrNull, not Test-Path: Test-Path answers $false for a path it may not examine (access denied),
    # and a MachineKeys folder reported missing would be a wrong verdict. Only PathNotFound is "absent".
    $dirItem = Get-RdItemOrNull -LiteralPath $dirPath
    if ($null -ne $dirItem -and $dirItem.PSIsContainer) {
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
        # Get-RdItemOrNull, not Test-Path: a store this account may not open is "could not read", never "not there".
        $storeErrors = @()
        foreach ($s in @('Remote Desktop', 'My')) {
            $p = 'Cert:\LocalMachine\' + $s + '\' + $thumb
            try { $cert = Get-RdItemOrNull -LiteralPath $p } catch { $storeErrors += ('Cert:\LocalMachine\' + $s + ' (' + (Get-RdErrorClass -ErrorRecord $_) + ')') }
            if ($null -ne $cert) { $store = $s; break }
        }
        if ($null -eq $cert -and $storeErrors.Count -gt 0) { $note = "the certificate in use ($thumb) could not be looked up: could not read " + ($storeErrors -join ', ') }
        elseif ($null -eq $cert) { $note = "the certificate in use ($thumb) is in neither Remote Desktop nor My" }
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
        if (-not $name) {
            # The key did not open: find its file from the certificate's key provider info instead.
            $prov = Get-RdKeyProvInfo -Certificate $cert
            if ($null -ne $prov -and $prov.provType -ne 0) { $name = Get-RdCspKeyFileName -Container $prov.container; $provider = 'CSP' }
            elseif ($null -ne $prov) { $provider = 'CNG' }
        }
        if ($name) {
            $keyDir = $dirPath
            if ($provider -eq 'CNG') { $keyDir = Join-Path -Path $env:ProgramData -ChildPath 'Microsoft\Crypto\Keys' }
            $keyPath = Join-Path -Path $keyDir -ChildPath $name
            $listed = Test-RdListed -Folder $keyDir -Name $name
            $keyFile = @{ thumbprint = $thumb; store = $store; provider = $provider; name = $name; path = $keyPath; exists = $listed.exists; existsProven = $listed.proven; owner = $null; ownerSid = $null; acl = @(); aclError = $null }
            if ($listed.exists) {
                try {
                    $view = Get-RdAclView -Path $keyPath
                    $keyFile.owner = $view.owner
                    $keyFile.ownerSid = $view.ownerSid
                    $keyFile.acl = $view.acl
                } catch {
                    # KB 278381: Administrators neither own the file nor may read its permissions.
                    $keyFile.aclError = [string]$_.Exception.Message
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

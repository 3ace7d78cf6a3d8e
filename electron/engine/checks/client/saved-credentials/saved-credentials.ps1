# Saved Remote Desktop credentials (Credential Manager, TERMSRV/<host>) of the account this runs as, through
# CredEnumerate (language-neutral; the secret itself is never read), falling back to the target= part of
# `cmdkey /list` when Add-Type is not allowed. Read only: saved-credentials-delete.ps1 deletes.
# Input: { "targets": ["TERMSRV/host", ...] | null }
# Output: { "source": "CredEnumerate" | "cmdkey", "credentials": [ { target, user, type, lastWritten } ],
#          with cmdkey also "exitCode" (cmdkey's) and "apiError" (why CredEnumerate was not used) }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

$credManSource = @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
public static class RdDoctorCredMan {
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct CREDENTIAL {
        public uint Flags; public uint Type; public string TargetName; public string Comment;
        public long LastWritten; public uint CredentialBlobSize; public IntPtr CredentialBlob; public uint Persist;
        public uint AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName;
    }
    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CredEnumerateW(string filter, uint flags, out uint count, out IntPtr credentials);
    [DllImport("advapi32.dll")]
    private static extern void CredFree(IntPtr buffer);
    public static object[][] List(string filter) {
        uint count; IntPtr list;
        var rows = new List<object[]>();
        if (!CredEnumerateW(filter, 0, out count, out list)) {
            int err = Marshal.GetLastWin32Error();
            if (err == 1168) { return rows.ToArray(); }
            throw new System.ComponentModel.Win32Exception(err);
        }
        try {
            for (int i = 0; i < count; i++) {
                IntPtr p = Marshal.ReadIntPtr(list, i * IntPtr.Size);
                var c = (CREDENTIAL)Marshal.PtrToStructure(p, typeof(CREDENTIAL));
                rows.Add(new object[] { c.TargetName, c.UserName, c.Type, DateTime.FromFileTimeUtc(c.LastWritten) });
            }
        } finally { CredFree(list); }
        return rows.ToArray();
    }
}
'@

$typeNames = @{ 1 = 'Generic'; 2 = 'DomainPassword'; 3 = 'DomainCertificate'; 4 = 'DomainVisiblePassword'; 5 = 'GenericCertificate'; 6 = 'DomainExtended' }

function Get-RdTermsrvCredentials {
    try {
        # 5.1 treats compiler warnings as errors unless told otherwise; a warning must not cost the API path.
        if (-not ('RdDoctorCredMan' -as [type])) { Add-Type -TypeDefinition $credManSource -Language CSharp -IgnoreWarnings -ErrorAction Stop }
        $rows = @([RdDoctorCredMan]::List('TERMSRV/*'))
        $list = @()
        foreach ($r in $rows) {
            $type = $typeNames[[int]$r[2]]
            if ($null -eq $type) { $type = [string]$r[2] }
            $list += @{ target = [string]$r[0]; user = [string]$r[1]; type = $type; lastWritten = (ConvertTo-RdDate -Value $r[3]) }
        }
        return @{ source = 'CredEnumerate'; credentials = @($list) }
    } catch {
        # Constrained language mode forbids Add-Type (or the API failed): read only the language-neutral
        # "target=" part of cmdkey's output; its labels ("Target:", "Ziel:") are localized.
        # Its exit code goes out too: a listing that failed has no target= lines, which is not "none saved".
        $apiError = [string]$_.Exception.Message
        $list = @()
        $listing = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'cmdkey.exe') -ArgumentList @('/list')
        foreach ($line in @($listing.output)) {
            $m = [regex]::Match([string]$line, 'target=(TERMSRV/\S+)', 'IgnoreCase')
            if ($m.Success) { $list += @{ target = $m.Groups[1].Value; user = $null; type = $null; lastWritten = $null } }
        }
        return @{ source = 'cmdkey'; credentials = @($list); exitCode = [int]$listing.exitCode; apiError = $apiError }
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $found = Get-RdTermsrvCredentials
    if ($null -ne $in.targets) {
        $wanted = @($in.targets | ForEach-Object { ([string]$_).ToLowerInvariant() })
        $found.credentials = @($found.credentials | Where-Object { $wanted -contains $_.target.ToLowerInvariant() })
    }
    Write-RdResult -Result $found
} catch {
    Write-RdError -ErrorRecord $_
}

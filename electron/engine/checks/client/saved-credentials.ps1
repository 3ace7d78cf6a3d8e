# Saved Remote Desktop credentials (Credential Manager, TERMSRV/<host>) of the account this runs as.
# Lists through CredEnumerate (language-neutral; the secret itself is never read), falling back to the
# target= part of `cmdkey /list` when Add-Type is not allowed. Deletes with `cmdkey /delete:TERMSRV/<host>`.
# Input: { "action": "list", "targets": ["TERMSRV/host", ...] | null }
#      | { "action": "delete", "target": "TERMSRV/host" }
# Output (list):   { "source": "CredEnumerate" | "cmdkey", "credentials": [ { target, user, type, lastWritten } ] }
# Output (delete): { "target": "TERMSRV/host", "deleted": true, "exitCode": 0 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\lib\rd-common.ps1')

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
$targetPattern = '^TERMSRV/[A-Za-z0-9._:%\[\]\-]{1,260}$'

function Get-RdTermsrvCredentials {
    try {
        if (-not ('RdDoctorCredMan' -as [type])) { Add-Type -TypeDefinition $credManSource -Language CSharp -ErrorAction Stop }
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
        $list = @()
        foreach ($line in @(& cmdkey.exe '/list')) {
            $m = [regex]::Match([string]$line, 'target=(TERMSRV/\S+)', 'IgnoreCase')
            if ($m.Success) { $list += @{ target = $m.Groups[1].Value; user = $null; type = $null; lastWritten = $null } }
        }
        return @{ source = 'cmdkey'; credentials = @($list) }
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    if ($in.action -eq 'list') {
        $found = Get-RdTermsrvCredentials
        if ($null -ne $in.targets) {
            $wanted = @($in.targets | ForEach-Object { ([string]$_).ToLowerInvariant() })
            $found.credentials = @($found.credentials | Where-Object { $wanted -contains $_.target.ToLowerInvariant() })
        }
        Write-RdResult -Result $found
    } elseif ($in.action -eq 'delete') {
        $target = [string]$in.target
        if ($target -notmatch $targetPattern) { throw "not a Remote Desktop credential target: $target" }
        # The target travels as one argument, never through a command line that a shell would parse.
        $null = & cmdkey.exe ('/delete:' + $target)
        $exit = $LASTEXITCODE
        $left = @((Get-RdTermsrvCredentials).credentials | Where-Object { $_.target -eq $target })
        if ($left.Count -gt 0) { throw "cmdkey could not delete $target (exit code $exit)" }
        Write-RdResult -Result @{ target = $target; deleted = $true; exitCode = [int]$exit }
    } else {
        throw "unknown action: $($in.action)"
    }
} catch {
    Write-RdError -ErrorRecord $_
}

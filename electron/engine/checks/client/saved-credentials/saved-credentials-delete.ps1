# Deletes one saved Remote Desktop credential with `cmdkey /delete:TERMSRV/<host>` (the target passed as one
# argument, as data), then confirms through CredEnumerate that it is gone; only where Add-Type is refused
# (ConstrainedLanguage) with `cmdkey /list:<target>` that no "target=<target>" line is left.
# cmdkey's labels are localized ("Target:", "Ziel:"), so only the language-neutral target= part is read.
# Cannot be undone: the caller journals target, user and date first.
# Input: { "target": "TERMSRV/host" }. Output: { "target": "TERMSRV/host", "deleted": true, "exitCode": 0 }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

# The same type as saved-credentials.ps1 (identical source: the session may already hold it from that script).
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

# Whether a credential with exactly this target is still saved, through CredEnumerate; $null when the API path is
# not available (ConstrainedLanguage refuses Add-Type), and then cmdkey's listing decides.
function Test-RdCredentialLeft {
    param([Parameter(Mandatory = $true)][string]$Target)
    try {
        if (-not ('RdDoctorCredMan' -as [type])) { Add-Type -TypeDefinition $credManSource -Language CSharp -IgnoreWarnings -ErrorAction Stop }
        $rows = @([RdDoctorCredMan]::List('TERMSRV/*'))
        foreach ($r in $rows) { if ([string]::Equals([string]$r[0], $Target, [System.StringComparison]::OrdinalIgnoreCase)) { return $true } }
        return $false
    } catch {
        return $null
    }
}

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $target = [string]$in.target
    if ($target -notmatch '^TERMSRV/[A-Za-z0-9._:%\[\]\-]{1,260}$') { throw "not a Remote Desktop credential target: $target" }
    # cmdkey reports "element not found" and the like on stderr: captured, and judged by the list afterwards.
    $deletion = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'cmdkey.exe') -ArgumentList @('/delete:' + $target)
    $exit = $deletion.exitCode
    # Confirmed through CredEnumerate where it can run: a cmdkey listing that failed shows no target= line either,
    # and its exit code for "nothing matches" is not documented.
    $stillThere = Test-RdCredentialLeft -Target $target
    if ($null -eq $stillThere) {
        $listing = Invoke-RdNative -FilePath (Get-RdSystemTool -Name 'cmdkey.exe') -ArgumentList @('/list:' + $target)
        $left = @($listing.output | Where-Object { ([string]$_).IndexOf('target=' + $target, [System.StringComparison]::OrdinalIgnoreCase) -ge 0 })
        $stillThere = ($left.Count -gt 0)
    }
    if ($stillThere) { throw ("cmdkey could not delete $target (exit code $exit): " + ($deletion.output -join ' ')) }
    Write-RdResult -Result @{ target = $target; deleted = $true; exitCode = [int]$exit }
} catch {
    Write-RdError -ErrorRecord $_
}

# Logs off one disconnected session the technician picked, after checking that it is still that user's and
# still disconnected (a session that became active again is never logged off). Irreversible: unsaved work in
# the session is lost.
# Input: { "sessionId": 3, "user": "CORP\\j.doe" }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

$wtsSource = @'
using System;
using System.Runtime.InteropServices;
public static class RdDoctorWtsLogoff {
    [DllImport("wtsapi32.dll", SetLastError = true)] static extern bool WTSLogoffSession(IntPtr server, int id, bool wait);
    [DllImport("wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    static extern bool WTSQuerySessionInformationW(IntPtr server, int id, int infoClass, out IntPtr buffer, out int bytes);
    [DllImport("wtsapi32.dll")] static extern void WTSFreeMemory(IntPtr memory);
    static string Query(int id, int infoClass) {
        IntPtr buffer; int bytes;
        if (!WTSQuerySessionInformationW(IntPtr.Zero, id, infoClass, out buffer, out bytes)) return "";
        try { return Marshal.PtrToStringUni(buffer) ?? ""; } finally { WTSFreeMemory(buffer); }
    }
    public static string User(int id) { string u = Query(id, 5), d = Query(id, 7); return d.Length == 0 ? u : d + "\\" + u; }
    public static int State(int id) {
        IntPtr buffer; int bytes;
        if (!WTSQuerySessionInformationW(IntPtr.Zero, id, 8, out buffer, out bytes)) return -1;
        try { return Marshal.ReadInt32(buffer); } finally { WTSFreeMemory(buffer); }
    }
    public static bool Logoff(int id) { return WTSLogoffSession(IntPtr.Zero, id, true); }
}
'@

try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $id = [int]$in.sessionId
    $user = [string]$in.user
    if (-not ('RdDoctorWtsLogoff' -as [type])) { Add-Type -TypeDefinition $wtsSource -Language CSharp -ErrorAction Stop }
    # WTSConnectState (8): 4 is WTSDisconnected.
    if ([RdDoctorWtsLogoff]::State($id) -ne 4) { throw ('sessionId: session ' + $id + ' is not disconnected any more; nothing was logged off') }
    if ([RdDoctorWtsLogoff]::User($id) -ne $user) { throw ('sessionId: session ' + $id + ' no longer belongs to ' + $user + '; nothing was logged off') }
    $ok = [RdDoctorWtsLogoff]::Logoff($id)
    Write-RdResult -Result @{ sessionId = $id; loggedOff = [bool]$ok }
} catch {
    Write-RdError -ErrorRecord $_
}

# How many Remote Desktop sessions this host allows and how many are in use: MaxInstanceCount (RDP-Tcp and
# Group Policy), fSingleSessionPerUser, the edition and RD Session Host mode, and every session from
# WTSEnumerateSessions with its user and state (state names from the API, never from localized qwinsta text), and
# when a disconnected session was disconnected (WTSQuerySessionInformation WTSSessionInfo: WTSINFOW.DisconnectTime,
# a FILETIME in UTC); a time Windows does not give is null, and then the fix has no default session.
# Input: {}
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')

$wtsSource = @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
public static class RdDoctorWtsSessions {
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    struct WTS_SESSION_INFO { public int SessionId; public string WinStationName; public int State; }
    [DllImport("wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    static extern bool WTSEnumerateSessionsW(IntPtr server, int reserved, int version, out IntPtr info, out int count);
    [DllImport("wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    static extern bool WTSQuerySessionInformationW(IntPtr server, int id, int infoClass, out IntPtr buffer, out int bytes);
    [DllImport("wtsapi32.dll")] static extern void WTSFreeMemory(IntPtr memory);
    // WTSINFOW (wtsapi32.h): WINSTATIONNAME_LENGTH 32, DOMAIN_LENGTH 17, USERNAME_LENGTH 20.
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    struct WTSINFOW {
        public int State; public int SessionId; public int IncomingBytes; public int OutgoingBytes;
        public int IncomingFrames; public int OutgoingFrames; public int IncomingCompressedBytes; public int OutgoingCompressedBytes;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string WinStationName;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 17)] public string Domain;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 21)] public string UserName;
        public long ConnectTime; public long DisconnectTime; public long LastInputTime; public long LogonTime; public long CurrentTime;
    }
    // WTS_INFO_CLASS WTSSessionInfo = 24. 0 when Windows gives no time (the call failed, or never disconnected).
    static long DisconnectTime(int id) {
        IntPtr buffer; int bytes;
        if (!WTSQuerySessionInformationW(IntPtr.Zero, id, 24, out buffer, out bytes)) return 0;
        try {
            if (bytes < Marshal.SizeOf(typeof(WTSINFOW))) return 0;
            return ((WTSINFOW)Marshal.PtrToStructure(buffer, typeof(WTSINFOW))).DisconnectTime;
        } finally { WTSFreeMemory(buffer); }
    }
    static string Query(int id, int infoClass) {
        IntPtr buffer; int bytes;
        if (!WTSQuerySessionInformationW(IntPtr.Zero, id, infoClass, out buffer, out bytes)) return "";
        try { return Marshal.PtrToStringUni(buffer) ?? ""; } finally { WTSFreeMemory(buffer); }
    }
    public static List<object[]> Sessions() {
        IntPtr info; int count; var rows = new List<object[]>();
        if (!WTSEnumerateSessionsW(IntPtr.Zero, 0, 1, out info, out count)) throw new System.ComponentModel.Win32Exception();
        try {
            int size = Marshal.SizeOf(typeof(WTS_SESSION_INFO));
            for (int i = 0; i < count; i++) {
                var s = (WTS_SESSION_INFO)Marshal.PtrToStructure(new IntPtr(info.ToInt64() + i * size), typeof(WTS_SESSION_INFO));
                string user = Query(s.SessionId, 5), domain = Query(s.SessionId, 7);
                rows.Add(new object[] { s.SessionId, s.WinStationName, user.Length == 0 ? null : (domain.Length == 0 ? user : domain + "\\" + user), s.State, s.State == 4 ? DisconnectTime(s.SessionId) : 0L });
            }
        } finally { WTSFreeMemory(info); }
        return rows;
    }
}
'@
# WTS_CONNECTSTATE_CLASS, in order.
$states = @('Active', 'Connected', 'ConnectQuery', 'Shadow', 'Disconnected', 'Idle', 'Listen', 'Reset', 'Down', 'Init')

function Get-Dword {
    param([string]$Key, [string]$Name)
    $v = Get-RdRegistryValue -Key $Key -Name $Name
    if ($v.exists -and $v.type -eq 'REG_DWORD') { return [int64]$v.data }
    return $null
}

try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    if (-not ('RdDoctorWtsSessions' -as [type])) { Add-Type -TypeDefinition $wtsSource -Language CSharp -ErrorAction Stop }
    $os = Get-CimInstance -ClassName 'Win32_OperatingSystem' -ErrorAction Stop
    $types = @{ 1 = 'Workstation'; 2 = 'DomainController'; 3 = 'Server' }
    $productType = 'Workstation'
    if ($types.ContainsKey([int]$os.ProductType)) { $productType = $types[[int]$os.ProductType] }
    $sessionHost = $null
    # No TerminalServices namespace/class is "no role"; any other error (access denied) leaves the role unknown.
    $sessionHostUnreadable = $null
    $ts = $null
    try { $ts = Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop } catch {
        $f = Get-RdReadFailure -What 'Win32_TerminalServiceSetting' -Errors $_ -AbsentIds @('HRESULT 0x8004100e', 'HRESULT 0x80041010')
        if ($null -ne $f) { $sessionHostUnreadable = $f.reason }
    }
    if ($null -ne $ts) { $sessionHost = ([int]$ts.TerminalServerMode -eq 1) }
    $rows = @()
    foreach ($s in [RdDoctorWtsSessions]::Sessions()) {
        $at = $null
        $ft = [int64]$s[4]
        # A FILETIME outside what DateTime holds (garbage) is no time rather than an error for the whole check.
        if ($ft -gt 0 -and $ft -lt 2650467743999999999) { $at = ConvertTo-RdDate -Value ([datetime]::FromFileTimeUtc($ft)) }
        $rows += @{ id = [int]$s[0]; station = [string]$s[1]; user = $s[2]; state = $states[[int]$s[3]]; disconnectedAt = $at }
    }
    $tcp = 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    $pol = 'HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
    Write-RdResult -Result @{
        productType = $productType
        sessionHost = $sessionHost
        sessionHostUnreadable = $sessionHostUnreadable
        maxInstanceLocal = (Get-Dword -Key $tcp -Name 'MaxInstanceCount')
        maxInstancePolicy = (Get-Dword -Key $pol -Name 'MaxInstanceCount')
        singleSessionLocal = (Get-Dword -Key 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server' -Name 'fSingleSessionPerUser')
        singleSessionPolicy = (Get-Dword -Key $pol -Name 'fSingleSessionPerUser')
        sessions = @($rows)
    }
} catch {
    Write-RdError -ErrorRecord $_
}

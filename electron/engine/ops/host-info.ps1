# Who and where the app runs: computer, OS, build, elevation, user, and whether inside an RDP session.
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $os = Get-CimInstance -ClassName 'Win32_OperatingSystem' -ErrorAction Stop
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object -TypeName 'System.Security.Principal.WindowsPrincipal' -ArgumentList $identity
    $elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    $session = [string]$env:SESSIONNAME
    # SESSIONNAME comes from the user's volatile environment: under over-the-shoulder elevation (another account's
    # credentials) it can be empty although the process runs in an RDP session. SystemInformation.TerminalServerSession
    # (GetSystemMetrics SM_REMOTESESSION) asks Windows about the process's own session instead. Not in
    # ConstrainedLanguage (Add-Type): then null, and the caller falls back to SESSIONNAME.
    $remote = $null
    try {
        Add-Type -AssemblyName 'System.Windows.Forms' -ErrorAction Stop
        $remote = [bool][System.Windows.Forms.SystemInformation]::TerminalServerSession
    } catch { $remote = $null }
    Write-RdResult -Result @{
        computerName = [string]$env:COMPUTERNAME
        os = [string]$os.Caption
        build = [string]$os.BuildNumber
        elevated = [bool]$elevated
        user = [string]$identity.Name
        sessionName = $session
        remoteSession = $remote
    }
} catch {
    Write-RdError -ErrorRecord $_
}

# Who and where the app runs: computer, OS, build, elevation, user, and whether inside an RDP session.
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $os = Get-CimInstance -ClassName 'Win32_OperatingSystem' -ErrorAction Stop
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object -TypeName 'System.Security.Principal.WindowsPrincipal' -ArgumentList $identity
    $elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    $session = [string]$env:SESSIONNAME
    Write-RdResult -Result @{
        computerName = [string]$env:COMPUTERNAME
        os = [string]$os.Caption
        build = [string]$os.BuildNumber
        elevated = [bool]$elevated
        user = [string]$identity.Name
        sessionName = $session
    }
} catch {
    Write-RdError -ErrorRecord $_
}

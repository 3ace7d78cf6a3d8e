# Network Level Authentication as Remote Desktop Services applies it: Win32_TSGeneralSetting for RDP-Tcp, with
# where the value comes from (PolicySource*: 0 server setting, 1 Group Policy, 2 default). The provider needs
# administrator rights; without them "setting" is null and "settingError" says why, and the check falls back
# to the registry. The connecting client cannot be observed from the host, so "client" is always null here
# (the simulated host models it).
# Input: {}
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $null = ConvertFrom-RdInput -InputBase64 $InputBase64
    $setting = $null
    $settingError = $null
    try {
        $s = Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'" -ErrorAction Stop
        if ($null -ne $s) {
            $setting = @{
                terminalName = [string]$s.TerminalName
                userAuthenticationRequired = [int]$s.UserAuthenticationRequired
                policySourceUserAuthenticationRequired = [int]$s.PolicySourceUserAuthenticationRequired
                policySourceSecurityLayer = [int]$s.PolicySourceSecurityLayer
                policySourceMinEncryptionLevel = [int]$s.PolicySourceMinEncryptionLevel
            }
        } else {
            $settingError = 'Win32_TSGeneralSetting has no RDP-Tcp instance'
        }
    } catch {
        $settingError = [string]$_.Exception.Message
    }
    Write-RdResult -Result @{ setting = $setting; settingError = $settingError; client = $null }
} catch {
    Write-RdError -ErrorRecord $_
}

# Status, start type and hosting process of the named services (Remote Desktop Services and its helpers).
# A service that does not exist is reported as such, not as an error; but only Get-Service's own "not found"
# (FullyQualifiedErrorId NoServiceFoundForGivenName) means that: any other error (a service DACL that denies
# this account, an SCM that does not answer) is reported as unreadable, never as "not installed".
# Input: { "names": ["TermService", "SessionEnv", "UmRdpService"] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\..\..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $out = @()
    foreach ($item in @($in.names)) {
        $name = [string]$item
        # The name goes into a WQL filter: only service-name characters may reach it.
        if ($name -notmatch '^[A-Za-z0-9_]+$') { throw "not a service name: $name" }
        $svc = $null
        $failure = $null
        try { $svc = Get-Service -Name $name -ErrorAction Stop } catch { $failure = Get-RdReadFailure -What $name -Errors $_ -AbsentIds @('NoServiceFoundForGivenName') }
        if ($null -ne $failure) {
            $out += @{ name = $name; exists = $null; displayName = $null; status = $null; startType = $null; processId = $null; unreadable = $failure.reason }
            continue
        }
        if ($null -eq $svc) {
            $out += @{ name = $name; exists = $false; displayName = $null; status = $null; startType = $null; processId = $null; unreadable = $null }
            continue
        }
        $processId = $null
        $cim = Get-CimInstance -ClassName 'Win32_Service' -Filter ("Name='" + $name + "'") -ErrorAction Stop
        if ($null -ne $cim -and [int]$cim.ProcessId -gt 0) { $processId = [int]$cim.ProcessId }
        $out += @{
            name = [string]$svc.Name
            exists = $true
            displayName = [string]$svc.DisplayName
            status = $svc.Status.ToString()
            startType = $svc.StartType.ToString()
            processId = $processId
            unreadable = $null
        }
    }
    Write-RdResult -Result @{ services = @($out) }
} catch {
    Write-RdError -ErrorRecord $_
}

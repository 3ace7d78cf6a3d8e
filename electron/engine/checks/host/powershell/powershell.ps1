# rdp-doctor: inline
# host.powershell: what decides whether RDP Doctor's scripts can run here. Sent as command text (not run as a
# file) because it must answer exactly where script files cannot run: under an AllSigned or Restricted policy
# set by Group Policy, which outranks -ExecutionPolicy Bypass. Uses only cmdlets and property reads, so it runs
# in ConstrainedLanguage. $RdScriptsRoot is set by the host before this text (a single-quoted literal: data).
# Over PowerShell Remoting or Azure Run Command (a batch sets $RdScriptsRoot to ''), RDP Doctor's scripts reach
# the host as text, never as a file there: no execution policy applies to them, the remote session's language
# mode does; the probe reports that (remoting = true) instead of running a file that is not on the host.
# Output: { psVersion, sessionLanguageMode, scriptLanguageMode, scriptError, policies: [ { scope, policy } ],
#           effectivePolicy, signature: { status, signer }, wdac: { kernel, user } | null, lockdownPolicy, uiCulture,
#           remoting }
$ErrorActionPreference = 'Stop'
$WarningPreference = 'SilentlyContinue'
$ProgressPreference = 'SilentlyContinue'
try {
    try { Remove-TypeData -TypeName 'System.Array' -ErrorAction SilentlyContinue } catch { $null = $_ }
    $policies = @()
    foreach ($p in @(Get-ExecutionPolicy -List)) { $policies += @{ scope = [string]$p.Scope; policy = [string]$p.ExecutionPolicy } }
    $remoting = [string]::IsNullOrEmpty([string]$RdScriptsRoot)
    $scriptMode = $null
    $scriptError = $null
    $signature = @{ status = 'NotApplicable'; signer = $null }
    if ($remoting) {
        # The scripts run as text in this session: its language mode is theirs.
        $scriptMode = [string]$ExecutionContext.SessionState.LanguageMode
    } else {
        $probe = Join-Path -Path $RdScriptsRoot -ChildPath 'lib\language-mode.ps1'
        try {
            $scriptMode = [string](& $probe)
        } catch {
            $scriptError = @{ errorId = [string]$_.FullyQualifiedErrorId; message = [string]$_.Exception.Message }
        }
        $sig = Get-AuthenticodeSignature -FilePath $probe
        $signer = $null
        if ($null -ne $sig.SignerCertificate) { $signer = [string]$sig.SignerCertificate.Subject }
        $signature = @{ status = [string]$sig.Status; signer = $signer }
    }
    # WDAC (Device Guard) user-mode code integrity: 0 off, 1 audit, 2 enforced. Absent on older editions.
    $wdac = $null
    try {
        $dg = Get-CimInstance -Namespace 'root\Microsoft\Windows\DeviceGuard' -ClassName 'Win32_DeviceGuard' -ErrorAction Stop
        $wdac = @{ kernel = [int]$dg.CodeIntegrityPolicyEnforcementStatus; user = [int]$dg.UsermodeCodeIntegrityPolicyEnforcementStatus }
    } catch {
        $wdac = $null
    }
    $result = @{
        psVersion = [string]$PSVersionTable.PSVersion
        sessionLanguageMode = [string]$ExecutionContext.SessionState.LanguageMode
        scriptLanguageMode = $scriptMode
        scriptError = $scriptError
        policies = @($policies)
        effectivePolicy = [string](Get-ExecutionPolicy)
        signature = $signature
        wdac = $wdac
        lockdownPolicy = [string]$env:__PSLockdownPolicy
        uiCulture = [string](Get-UICulture).Name
        remoting = $remoting
    }
    $json = ConvertTo-Json -InputObject $result -Depth 5 -Compress
    # ASCII only (\uXXXX), as Write-RdResult does: a signer's or path's non-ASCII letters survive any console code page.
    if ($json -match '[^\x00-\x7F]') { $json = (@(foreach ($c in $json.ToCharArray()) { if ([int]$c -lt 128) { [string]$c } else { '\u{0:x4}' -f [int]$c } }) -join '') }
    Write-Output $json
} catch {
    Write-Output (ConvertTo-Json -InputObject @{ error = @{ message = [string]$_.Exception.Message; type = [string]$_.CategoryInfo.Reason } } -Depth 3 -Compress)
}

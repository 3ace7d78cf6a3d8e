# Prints the language mode a script file from this folder runs in. host.powershell runs it: AppLocker and WDAC
# decide per file, so a script the policy trusts (signed by an allowed publisher, or in an allowed folder) runs
# in FullLanguage even when the session around it is ConstrainedLanguage. Failing to run at all (execution
# policy, unsigned under AllSigned) is the other thing it proves.
Write-Output ([string]$ExecutionContext.SessionState.LanguageMode)

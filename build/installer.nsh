; RDP Doctor runs elevated and executes the .ps1 files under resources\ps, and its scheduled revert task starts
; RDP Doctor.exe as SYSTEM. Program Files already keeps standard users out, but the install page lets an admin
; pick any folder (C:\Tools, a data drive) whose inherited ACL, or whose owner (the user who created it), may let
; Users write. Whatever folder was chosen gets what Program Files gives an application folder: inheritance
; removed, SYSTEM and Administrators full control, Users read and execute, owner Administrators. If that
; cannot be done the install is aborted rather than left writable. SIDs, not names: names are localized.
!macro customInstall
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$INSTDIR" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /T /C /Q'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$INSTDIR" /setowner *S-1-5-32-544 /T /C /Q'
  Pop $1
  ${If} $0 != 0
  ${OrIf} $1 != 0
    MessageBox MB_ICONSTOP|MB_OK "RDP Doctor could not restrict the permissions or the owner of $INSTDIR (icacls exit codes $0, $1). Standard users could change the programs it runs as administrator, so the installation stops. Install into Program Files, or into a folder only administrators can change."
    Abort
  ${EndIf}
!macroend

; RDP Doctor runs elevated and executes the .ps1 files under resources\ps. Program Files already keeps
; standard users out, but the install page lets an admin pick any folder (C:\Tools, a data drive) whose
; inherited ACL may let Users write. Reset the install folder to SYSTEM and Administrators full control,
; Users read and execute, whatever folder was chosen. SIDs, not names: names are localized.
!macro customInstall
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$INSTDIR" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /T /C /Q'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION|MB_OK "RDP Doctor could not restrict the permissions of $INSTDIR (icacls exit code $0). Standard users might be able to change the scripts it runs as administrator."
  ${EndIf}
!macroend

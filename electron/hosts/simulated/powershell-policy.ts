// What decides whether powershell.exe runs one of RDP Doctor's script files at all, and in which language mode:
// the execution policy in force (the first defined scope in precedence order, Group Policy scopes first,
// about_Execution_Policies) and, under AllSigned, a signature this host trusts; then the language mode
// AppLocker/WDAC give the file (about_Language_Modes). Shared by the simulated host (which refuses a script
// file the way powershell.exe would) and by the model of checks/host/powershell/powershell.ps1.
import type { PowerShellConfig } from './state';

export const POLICY_SCOPES = ['MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine'] as const;

export function effectivePolicy(ps: PowerShellConfig): string {
  for (const s of POLICY_SCOPES) if (ps.policies[s] !== 'Undefined') return ps.policies[s];
  return 'Restricted';
}

/** Why a script file from the install folder does not run, as PowerShell reports it; null when it runs. */
export function scriptRefusal(ps: PowerShellConfig, file: string): { errorId: string; message: string } | null {
  const policy = effectivePolicy(ps);
  if (policy === 'Restricted') {
    return { errorId: 'UnauthorizedAccess', message: `File ${file} cannot be loaded because running scripts is disabled on this system.` };
  }
  if (policy === 'AllSigned' && ps.signature !== 'Valid') {
    const why = ps.signature === 'NotSigned' ? 'is not digitally signed' : `has a signature this system does not trust (${ps.signature})`;
    return {
      errorId: 'UnauthorizedAccess',
      message: `File ${file} cannot be loaded. The file ${file} ${why}. You cannot run this script on the current system.`,
    };
  }
  return null;
}

/** The language mode a script file runs in: trusted (validly signed) files keep FullLanguage under enforcement. */
export function scriptMode(ps: PowerShellConfig): string {
  return ps.signature === 'Valid' ? 'FullLanguage' : ps.scriptLanguageMode;
}

// The simulator's model of checks/host/powershell/powershell.ps1 and of what decides whether any script file
// runs: the execution policy in force (the first defined scope in precedence order; Group Policy scopes first,
// about_Execution_Policies) and, under AllSigned, a signature this host trusts; then the language mode
// AppLocker/WDAC give the file. Imports nothing from the engine.
import type { PowerShellConfig, WinState } from '../../../../hosts/simulated/state';
import { SCRIPT_ID, type PowerShellProbe } from './schema';

const ORDER = ['MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine'] as const;

function effectivePolicy(ps: PowerShellConfig): string {
  for (const s of ORDER) if (ps.policies[s] !== 'Undefined') return ps.policies[s];
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
    return { errorId: 'UnauthorizedAccess', message: `File ${file} cannot be loaded. The file ${file} ${why}. You cannot run this script on the current system.` };
  }
  return null;
}

/** The language mode a script file runs in: trusted (validly signed) files keep FullLanguage under enforcement. */
export function scriptMode(ps: PowerShellConfig): string {
  return ps.signature === 'Valid' ? 'FullLanguage' : ps.scriptLanguageMode;
}

function simPowerShellProbe(state: WinState): PowerShellProbe {
  const ps = state.powershell;
  const refusal = scriptRefusal(ps, 'C:\\Program Files\\RDP Doctor\\resources\\engine\\lib\\language-mode.ps1');
  return {
    psVersion: ps.version,
    sessionLanguageMode: ps.sessionLanguageMode,
    scriptLanguageMode: refusal ? null : scriptMode(ps),
    scriptError: refusal,
    policies: ORDER.map((scope) => ({ scope, policy: ps.policies[scope] })),
    effectivePolicy: effectivePolicy(ps),
    signature: { status: ps.signature, signer: ps.signer },
    wdac: { kernel: 0, user: ps.wdacUser },
    lockdownPolicy: '',
    uiCulture: ps.uiCulture,
  };
}

export const sim = { [SCRIPT_ID]: ({ state }: { state: WinState }) => simPowerShellProbe(state) };

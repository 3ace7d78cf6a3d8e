// The simulator's model of checks/host/powershell/powershell.ps1: what the host's execution policy, signature
// trust and AppLocker/WDAC enforcement (hosts/simulated/powershell-policy.ts) make of a script file from the
// install folder. Imports nothing from the engine.
import { effectivePolicy, POLICY_SCOPES, scriptMode, scriptRefusal } from '../../../../hosts/simulated/powershell-policy';
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { WinState } from '../../../../hosts/simulated/state';
import { SCRIPT_ID, type PowerShellProbe } from './schema';

/**
 * `remoting`: the probe ran in a batch sent over PowerShell Remoting or Run Command (the batch gives it no
 * scripts folder: $RdScriptsRoot is ''): there is no file to refuse, and the scripts run in the session's language mode.
 */
function simPowerShellProbe(state: WinState, remoting: boolean): PowerShellProbe {
  const ps = state.powershell;
  const refusal = remoting ? null : scriptRefusal(ps, 'C:\\Program Files\\RDP Doctor\\resources\\engine\\lib\\language-mode.ps1');
  return {
    psVersion: ps.version,
    sessionLanguageMode: ps.sessionLanguageMode,
    scriptLanguageMode: remoting ? ps.sessionLanguageMode : refusal ? null : scriptMode(ps),
    scriptError: refusal,
    policies: POLICY_SCOPES.map((scope) => ({ scope, policy: ps.policies[scope] })),
    effectivePolicy: effectivePolicy(ps),
    signature: remoting ? { status: 'NotApplicable', signer: null } : { status: ps.signature, signer: ps.signer },
    wdac: { kernel: 0, user: ps.wdacUser },
    lockdownPolicy: '',
    uiCulture: ps.uiCulture,
    remoting,
  };
}

export const models: SimScriptTable = { [SCRIPT_ID]: ({ state, remoting }) => simPowerShellProbe(state, remoting) };

// The simulator's model of checks/host/powershell/powershell.ps1: what the host's execution policy, signature
// trust and AppLocker/WDAC enforcement (hosts/simulated/powershell-policy.ts) make of a script file from the
// install folder. Imports nothing from the engine.
import { effectivePolicy, POLICY_SCOPES, scriptMode, scriptRefusal } from '../../../../hosts/simulated/powershell-policy';
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { WinState } from '../../../../hosts/simulated/state';
import { SCRIPT_ID, type PowerShellProbe } from './schema';

function simPowerShellProbe(state: WinState): PowerShellProbe {
  const ps = state.powershell;
  const refusal = scriptRefusal(ps, 'C:\\Program Files\\RDP Doctor\\resources\\engine\\lib\\language-mode.ps1');
  return {
    psVersion: ps.version,
    sessionLanguageMode: ps.sessionLanguageMode,
    scriptLanguageMode: refusal ? null : scriptMode(ps),
    scriptError: refusal,
    policies: POLICY_SCOPES.map((scope) => ({ scope, policy: ps.policies[scope] })),
    effectivePolicy: effectivePolicy(ps),
    signature: { status: ps.signature, signer: ps.signer },
    wdac: { kernel: 0, user: ps.wdacUser },
    lockdownPolicy: '',
    uiCulture: ps.uiCulture,
  };
}

export const models: SimScriptTable = { [SCRIPT_ID]: ({ state }) => simPowerShellProbe(state) };

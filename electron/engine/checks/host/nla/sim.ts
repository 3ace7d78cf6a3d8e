// Model of checks/host/nla/nla.ps1: Win32_TSGeneralSetting for RDP-Tcp (UserAuthenticationRequired and the
// PolicySource of each setting) and what this PC's client supports.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { getDword } from '../../../../hosts/simulated/registry';
import { RDP_TCP_KEY, TS_POLICY_KEY, type WinState } from '../../../../hosts/simulated/state';

/** A Win32_TSGeneralSetting property and its PolicySource: 1 Group Policy, 0 server setting, 2 default. */
function tsSetting(state: WinState, name: string, fallback: number): [number, number] {
  const policy = getDword(state, TS_POLICY_KEY, name);
  if (policy !== undefined) return [policy, 1];
  const local = getDword(state, RDP_TCP_KEY, name);
  if (local !== undefined) return [local, 0];
  return [fallback, 2];
}

export const models: SimScriptTable = {
  // The WMI provider answers administrators only; the check then falls back to the registry.
  'checks/host/nla/nla': ({ state }) => {
    const client = { supportsCredSSP: state.client.supportsCredSSP, supportsTLS: state.client.supportsTLS };
    if (!state.computer.elevated) return { setting: null, settingError: 'Access denied', client };
    const [nla, nlaSource] = tsSetting(state, 'UserAuthentication', 0);
    const [, layerSource] = tsSetting(state, 'SecurityLayer', 1);
    const [, levelSource] = tsSetting(state, 'MinEncryptionLevel', 2);
    return {
      setting: {
        terminalName: 'RDP-Tcp',
        userAuthenticationRequired: nla,
        policySourceUserAuthenticationRequired: nlaSource,
        policySourceSecurityLayer: layerSource,
        policySourceMinEncryptionLevel: levelSource,
      },
      settingError: null,
      client,
    };
  },
};

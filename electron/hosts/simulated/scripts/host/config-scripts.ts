// Models of the host-configuration scripts (electron/engine/checks/host/{listener,service,nla}.ps1) and of
// the firewall ops (electron/engine/ops/firewall-rules-{read,set}.ps1), acting on the simulated state.
import type { SimScriptTable } from '../../sim-script';
import { readFirewallView, setRuleEnabled } from '../../firewall';
import { getDword } from '../../registry';
import { RDP_TCP_KEY, TS_POLICY_KEY, type Service, type WinState } from '../../state';
import { rdpListener, SimError } from '../../world';

function findService(state: WinState, name: string): [string, Service] | undefined {
  const lower = name.toLowerCase();
  return Object.entries(state.services).find(([n]) => n.toLowerCase() === lower);
}

const imageName = (process: string) => process.replace(/\.exe$/i, '').replace(/\s*\(.*\)$/, '');

/** A Win32_TSGeneralSetting property and its PolicySource: 1 Group Policy, 0 server setting, 2 default. */
function tsSetting(state: WinState, name: string, fallback: number): [number, number] {
  const policy = getDword(state, TS_POLICY_KEY, name);
  if (policy !== undefined) return [policy, 1];
  const local = getDword(state, RDP_TCP_KEY, name);
  if (local !== undefined) return [local, 0];
  return [fallback, 2];
}

export const configScripts: SimScriptTable = {
  'checks/host/listener': ({ state }, input: { port: number }) => {
    const term = state.services.TermService;
    const termPid = term?.status === 'Running' ? term.processId : null;
    const view = rdpListener(state);
    const squatter = state.otherListeners[String(input.port)];
    let owners: { processId: number; processName: string | null }[] = [];
    if (squatter) owners = [{ processId: squatter.pid, processName: imageName(squatter.process) }];
    else if (view.port === input.port && view.listening && termPid !== null) owners = [{ processId: termPid, processName: 'svchost' }];
    return { port: input.port, listening: owners.length > 0, owners, termServiceProcessId: termPid };
  },

  'checks/host/service': ({ state }, input: { names: string[] }) => ({
    services: input.names.map((name) => {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new SimError(`not a service name: ${name}`);
      const found = findService(state, name);
      if (!found) return { name, exists: false, displayName: null, status: null, startType: null, processId: null };
      const [key, s] = found;
      return { name: key, exists: true, displayName: s.displayName, status: s.status, startType: s.startType, processId: s.status === 'Stopped' ? null : s.processId };
    }),
  }),

  // The WMI provider answers administrators only; the check then falls back to the registry.
  'checks/host/nla': ({ state }) => {
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

  'ops/firewall-rules-read': ({ state }, input: { names?: string[]; group?: string | null; port: number }) =>
    readFirewallView(state, { names: input.names ?? [], group: input.group ?? null, port: input.port }),

  'ops/firewall-rules-set': ({ state }, input: { rules: { name: string; enabled: boolean }[] }) => {
    if (!state.computer.elevated) throw new SimError('Access is denied.', 'CimException');
    return { rules: input.rules.map((r) => setRuleEnabled(state, r.name, r.enabled)) };
  },
};

// Model of electron/engine/ops/host-identity.ps1 (who a host reached over PowerShell Remoting or Run Command
// is: the journal on the helpdesk PC is keyed by it). A simulated host's machine SID is set by the simulated
// WinRM link when it creates the host; without one it is derived from the computer name, as stable as a real
// SID for the same installation.
import { createHash } from 'node:crypto';
import type { SimScriptTable } from '../sim-script';
import type { WinState } from '../state';

function sidFromName(name: string): string {
  const h = createHash('sha256').update(name.toLowerCase()).digest();
  return `S-1-5-21-${h.readUInt32BE(0)}-${h.readUInt32BE(4)}-${h.readUInt32BE(8)}`;
}

/** The machine SID (the account domain of this PC's own accounts), as LsaQueryInformationPolicy reports it. */
export function machineSidOf(state: WinState): string {
  return state.remoting?.machineSid ?? sidFromName(state.computer.name);
}

export const hostIdentityOps: SimScriptTable = {
  'ops/host-identity': ({ state }) => ({
    computerName: state.computer.name,
    machineSid: machineSidOf(state),
    uuid: state.remoting?.uuid ?? state.computer.azure.vmId ?? '',
  }),
};

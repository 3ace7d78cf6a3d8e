// Models of checks/client/winsock/winsock.ps1 (this PC's adapters as Get-NetAdapter shows them) and
// winsock-reset.ps1 (netsh winsock reset, then ipconfig /release and /renew).
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { WinState } from '../../../../hosts/simulated/state';
import { SimError } from '../../../../hosts/simulated/world';

const APIPA = /^169\.254\./;

/** Get-NetAdapter says Disconnected where the model says Down. */
function adapterList(state: WinState) {
  return Object.entries(state.adapters).map(([name, a]) => ({
    name,
    description: a.description,
    status: a.status === 'Down' ? 'Disconnected' : a.status,
    driverDate: a.driverDate,
    ipv4: a.ipv4 ?? [],
  }));
}

export const models: SimScriptTable = {
  'checks/client/winsock/winsock': ({ state }) => ({ adapters: adapterList(state) }),

  'checks/client/winsock/winsock-reset': ({ state }) => {
    if (!state.computer.elevated)
      throw new SimError('netsh winsock reset failed with exit code 1 (the requested operation requires elevation)');
    // The catalog reset takes effect at the next boot; release/renew gets a DHCP lease for adapters that
    // are up but stuck on an automatic (169.254) address. Unplugged or disabled adapters stay as they are.
    let lease = 100;
    for (const a of Object.values(state.adapters)) {
      if (a.status === 'Up' && a.ipv4 && a.ipv4.length > 0 && a.ipv4.every((ip) => APIPA.test(ip))) a.ipv4 = [`192.168.1.${lease++}`];
    }
    state.computer.pendingReboot = true;
    const steps = [
      { command: 'netsh winsock reset', exitCode: 0 },
      { command: 'ipconfig /release', exitCode: 0 },
      { command: 'ipconfig /renew', exitCode: 0 },
    ];
    return { steps };
  },
};

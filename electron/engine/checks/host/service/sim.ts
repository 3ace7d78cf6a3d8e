// Model of checks/host/service/service.ps1: Get-Service by service name (case-insensitive, as the Service
// Control Manager compares names), with Win32_Service's ProcessId for a running service. A service in
// state.unreadableServices answers access denied (exists unknown), never "not installed".
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { Service, WinState } from '../../../../hosts/simulated/state';
import { SimError } from '../../../../hosts/simulated/world';

function findService(state: WinState, name: string): [string, Service] | undefined {
  const lower = name.toLowerCase();
  return Object.entries(state.services).find(([n]) => n.toLowerCase() === lower);
}

export const models: SimScriptTable = {
  'checks/host/service/service': ({ state }, input: { names: string[] }) => ({
    services: input.names.map((name) => {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new SimError(`not a service name: ${name}`);
      if (state.unreadableServices.some((u) => u.toLowerCase() === name.toLowerCase()))
        return { name, exists: null, displayName: null, status: null, startType: null, processId: null, unreadable: 'access denied' };
      const found = findService(state, name);
      if (!found) return { name, exists: false, displayName: null, status: null, startType: null, processId: null, unreadable: null };
      const [key, s] = found;
      return {
        name: key,
        exists: true,
        displayName: s.displayName,
        status: s.status,
        startType: s.startType,
        processId: s.status === 'Stopped' ? null : s.processId,
        unreadable: null,
      };
    }),
  }),
};

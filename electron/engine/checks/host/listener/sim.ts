// Model of checks/host/listener/listener.ps1: who owns the RDP port (Get-NetTCPConnection -State Listen,
// OwningProcess), TermService's process and, with LanAdapter not 0, the adapter Terminal Server's lanatable
// maps it to, acting on the simulated state.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { boundAdapter, rdpListener } from '../../../../hosts/simulated/world';

const LANATABLE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\lanatable';

const imageName = (process: string) => process.replace(/\.exe$/i, '').replace(/\s*\(.*\)$/, '');

export const models: SimScriptTable = {
  'checks/host/listener/listener': ({ state }, input: { port: number; lanAdapter?: number }) => {
    const term = state.services.TermService;
    const termPid = term?.status === 'Running' ? term.processId : null;
    const view = rdpListener(state);
    const squatter = state.otherListeners[String(input.port)];
    let owners: { processId: number; processName: string | null }[] = [];
    if (squatter) owners = [{ processId: squatter.pid, processName: imageName(squatter.process) }];
    else if (view.port === input.port && view.listening && termPid !== null) owners = [{ processId: termPid, processName: 'svchost' }];
    const lanaDenied = state.unreadableKeys.some((k) => k.toLowerCase() === LANATABLE_KEY.toLowerCase());
    const lanAdapter = !input.lanAdapter
      ? null
      : lanaDenied
        ? { lanaId: input.lanAdapter, guid: null, present: false, name: null, unreadable: 'access denied' }
        : { ...boundAdapter(state, input.lanAdapter), unreadable: null };
    return { port: input.port, listening: owners.length > 0, owners, termServiceProcessId: termPid, lanAdapter };
  },
};

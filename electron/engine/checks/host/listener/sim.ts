// Model of checks/host/listener/listener.ps1: who owns the RDP port (Get-NetTCPConnection -State Listen,
// OwningProcess), TermService's process and, with LanAdapter not 0, the adapter Terminal Server's lanatable
// maps it to, acting on the simulated state.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { boundAdapter, rdpListener } from '../../../../hosts/simulated/world';

const LANATABLE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\lanatable';

const imageName = (process: string) => process.replace(/\.exe$/i, '').replace(/\s*\(.*\)$/, '');

/** The lanatable entry as the script reports it: with the adapter list unreadable, present is unknown (false). */
function adapterView(bound: ReturnType<typeof boundAdapter>, adaptersUnreadable: string | null) {
  return adaptersUnreadable && bound.guid
    ? { ...bound, present: false, name: null, unreadable: null, adaptersUnreadable }
    : { ...bound, unreadable: null, adaptersUnreadable: null };
}

export const models: SimScriptTable = {
  'checks/host/listener/listener': ({ state }, input: { port: number; lanAdapter?: number }) => {
    const term = state.services.TermService;
    const termPid = term?.status === 'Running' ? term.processId : null;
    const view = rdpListener(state);
    const squatter = state.otherListeners[String(input.port)];
    const denied = (what: string) => state.deniedReads.some((r) => r.toLowerCase() === what.toLowerCase());
    const processDenied = denied('Get-Process');
    const owner = (processId: number, name: string) =>
      processDenied ? { processId, processName: null, unreadable: 'access denied' } : { processId, processName: name, unreadable: null };
    let owners: { processId: number; processName: string | null; unreadable: string | null }[] = [];
    if (squatter) owners = [owner(squatter.pid, imageName(squatter.process))];
    else if (view.port === input.port && view.listening && termPid !== null) owners = [owner(termPid, 'svchost')];
    // Get-NetTCPConnection refused: who listens is unknown (the script reports why), never "nothing".
    const socketsUnreadable = denied('Get-NetTCPConnection') ? 'access denied' : null;
    if (socketsUnreadable) owners = [];
    const adaptersUnreadable = state.unreadableWmiClasses.includes('Win32_NetworkAdapter') ? 'access denied' : null;
    const lanaDenied = state.unreadableKeys.some((k) => k.toLowerCase() === LANATABLE_KEY.toLowerCase());
    const lanAdapter = !input.lanAdapter
      ? null
      : lanaDenied
        ? { lanaId: input.lanAdapter, guid: null, present: false, name: null, unreadable: 'access denied', adaptersUnreadable: null }
        : adapterView(boundAdapter(state, input.lanAdapter), adaptersUnreadable);
    return { port: input.port, listening: owners.length > 0, owners, termServiceProcessId: termPid, lanAdapter, socketsUnreadable };
  },
};

// Simulator model of licensing.ps1 on the modelled licensing state and event log.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { LICENSING_EVENT_IDS, LICENSING_LOG } from './schema';

export const models: SimScriptTable = {
  'checks/host/licensing/licensing': ({ state, now }, input: { days: number }) => {
    const l = state.licensing;
    const since = now().getTime() - input.days * 86_400_000;
    const ids: readonly number[] = LICENSING_EVENT_IDS;
    // Win32_TerminalServiceSetting refused (WBEM_E_ACCESS_DENIED): the script knows nothing of the role or mode.
    if (state.unreadableWmiClasses.includes('Win32_TerminalServiceSetting'))
      return {
        sessionHost: null,
        licensingType: null,
        licensingName: null,
        licenseServers: [],
        reachable: [],
        graceDaysLeft: null,
        events: [],
        unreadable: [{ what: 'Win32_TerminalServiceSetting', reason: 'access denied' }],
      };
    const logDenied = state.unreadableLogs.some((log) => log.toLowerCase() === LICENSING_LOG.toLowerCase());
    // Invoke-CimMethod GetSpecifiedLicenseServerList refused: no list, and the script says why.
    const listDenied = l.sessionHost && state.deniedReads.some((r) => r.toLowerCase() === 'getspecifiedlicenseserverlist');
    const servers = l.sessionHost && !listDenied ? l.licenseServers : [];
    return {
      sessionHost: l.sessionHost,
      licensingType: l.licensingType,
      licensingName: l.licensingType === 2 ? 'Per Device' : l.licensingType === 4 ? 'Per User' : null,
      licenseServers: [...servers],
      reachable: servers.map((server) => ({ server, ok: l.reachable.includes(server) })),
      graceDaysLeft: l.sessionHost ? l.graceDaysLeft : null,
      events: logDenied
        ? []
        : state.events
            .filter((e) => e.log === LICENSING_LOG && ids.includes(e.id) && Date.parse(e.time) >= since)
            .map((e) => ({ id: e.id, time: e.time, message: e.message })),
      unreadable: [
        ...(listDenied ? [{ what: 'GetSpecifiedLicenseServerList', reason: 'access denied' }] : []),
        ...(logDenied ? [{ what: LICENSING_LOG, reason: 'access denied' }] : []),
      ],
    };
  },
};

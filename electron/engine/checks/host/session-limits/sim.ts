// Simulator models of session-limits.ps1 and session-logoff.ps1 on the modelled sessions and registry.
import { getDword } from '../../../../hosts/simulated/registry';
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { SimError } from '../../../../hosts/simulated/world';

const TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const POL = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const TS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';

export const models: SimScriptTable = {
  'checks/host/session-limits/session-limits': ({ state }) => ({
    productType: /server/i.test(state.computer.caption) ? 'Server' : 'Workstation',
    sessionHost: state.unreadableWmiClasses.includes('Win32_TerminalServiceSetting') ? null : state.licensing.sessionHost,
    sessionHostUnreadable: state.unreadableWmiClasses.includes('Win32_TerminalServiceSetting') ? 'access denied' : null,
    maxInstanceLocal: getDword(state, TCP, 'MaxInstanceCount') ?? null,
    maxInstancePolicy: getDword(state, POL, 'MaxInstanceCount') ?? null,
    singleSessionLocal: getDword(state, TS, 'fSingleSessionPerUser') ?? null,
    singleSessionPolicy: getDword(state, POL, 'fSingleSessionPerUser') ?? null,
    sessions: state.sessions.map((s) => ({ ...s })),
  }),
  'checks/host/session-limits/session-logoff': ({ state }, input: { sessionId: number; user: string }) => {
    const s = state.sessions.find((x) => x.id === input.sessionId);
    if (!s || s.state !== 'Disconnected')
      throw new SimError(`sessionId: session ${input.sessionId} is not disconnected any more; nothing was logged off`);
    if (s.user !== input.user)
      throw new SimError(`sessionId: session ${input.sessionId} no longer belongs to ${input.user}; nothing was logged off`);
    state.sessions = state.sessions.filter((x) => x !== s);
    return { sessionId: input.sessionId, loggedOff: true };
  },
};

// Model of checks/client/udp-transport/udp-transport.ps1: the RDP client's UDP sessions (event 1103) and
// the drops that end one (event 1026 with reason 2308 or 264) in Microsoft-Windows-TerminalServices-RDPClient/Operational.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { recentEvents } from '../../../../hosts/simulated/world';

const RDPCLIENT_LOG = 'Microsoft-Windows-TerminalServices-RDPClient/Operational';

export const models: SimScriptTable = {
  // Connections in the simulator happen one after another, so a 1026 belongs to the latest 1103 before it
  // (the .ps1 pairs them by ActivityId).
  'checks/client/udp-transport/udp-transport': ({ state, now }, input: { days: number }) => {
    const events = recentEvents(state, now(), input.days, (e) => e.log === RDPCLIENT_LOG && (e.id === 1103 || e.id === 1026));
    let udpSessions = 0;
    let openUdp = false;
    const drops: { time: string; reason: number }[] = [];
    for (const e of events) {
      if (e.id === 1103) {
        udpSessions++;
        openUdp = true;
      } else {
        const reason = Number(/Reason=\s*(\d+)/.exec(e.message)?.[1] ?? NaN);
        if (openUdp && (reason === 2308 || reason === 264)) drops.push({ time: e.time, reason });
        openUdp = false;
      }
    }
    return { udpSessions, drops, logAvailable: true };
  },
};

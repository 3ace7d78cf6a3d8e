// Models of the client checks that read this PC's logs, adapters and Security Center: udp-transport,
// credssp, winsock and security-software.
import type { SimScriptTable } from '../../sim-script';
import { getValue } from '../../registry';
import type { EventRecord, WinState } from '../../state';
import { SimError } from '../../world';
import { CREDSSP_KEY } from '../../../../engine/windows-paths';

const RDPCLIENT_LOG = 'Microsoft-Windows-TerminalServices-RDPClient/Operational';
const DAY = 86_400_000;

function recent(state: WinState, now: Date, days: number, pick: (e: EventRecord) => boolean): EventRecord[] {
  const since = now.getTime() - days * DAY;
  return state.events.filter((e) => pick(e) && Date.parse(e.time) >= since).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

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

export const systemScripts: SimScriptTable = {
  // Connections in the simulator happen one after another, so a 1026 belongs to the latest 1103 before it
  // (the .ps1 pairs them by ActivityId).
  'checks/client/udp-transport': ({ state, now }, input: { days: number }) => {
    const events = recent(state, now(), input.days, (e) => e.log === RDPCLIENT_LOG && (e.id === 1103 || e.id === 1026));
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

  'checks/client/credssp': ({ state, now }, input: { days: number }) => {
    const v = getValue(state, CREDSSP_KEY, 'AllowEncryptionOracle');
    const oracle = v
      ? { key: CREDSSP_KEY, name: 'AllowEncryptionOracle', exists: true, type: v.type, data: v.data }
      : { key: CREDSSP_KEY, name: 'AllowEncryptionOracle', exists: false, type: null, data: null };
    const blocked = recent(state, now(), input.days, (e) => e.log === 'System' && e.provider === 'LsaSrv' && e.id === 6041).map((e) => {
      const m = /to (\S+) failed.*offered version (\d+)/s.exec(e.message);
      return { time: e.time, target: m?.[1] ?? '', offeredVersion: m?.[2] ?? null };
    });
    if (state.unreadableLogs.some((l) => l.toLowerCase() === 'system')) {
      const logError = { reason: 'unreadable', errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand', message: 'Attempted to perform an unauthorized operation.' };
      return { oracle, blocked: [], logAvailable: false, logError };
    }
    return { oracle, blocked, logAvailable: true, logError: null };
  },

  'checks/client/winsock': ({ state }) => ({ adapters: adapterList(state) }),

  'checks/client/winsock-reset': ({ state }) => {
    if (!state.computer.elevated) throw new SimError('netsh winsock reset failed with exit code 1 (the requested operation requires elevation)');
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

  'checks/client/security-software': ({ state }) => ({
    available: !/server/i.test(state.computer.caption),
    antivirus: state.securityProducts.antivirus.map((p) => ({ name: p.name, enabled: p.enabled })),
    firewall: state.securityProducts.firewall.map((p) => ({ name: p.name, enabled: p.enabled })),
  }),
};

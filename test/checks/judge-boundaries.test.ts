// Table-driven boundaries of the checks' judgements, through the simulated host: a healthy Windows state is
// changed in one place (a date one second either side of a limit, one service stopped, one firewall port
// text), the check runs, and its status must be what Windows' documented behaviour implies. Each table row
// is one realistic mistake away from a different status: a moved boundary, a swapped role, a port list
// read as a single number.
import { describe, expect, it } from 'vitest';
import { openSim, type Sim } from '../support/sim';
import type { WinState } from '../../electron/hosts/simulated/state';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const SECOND = 1000;
const DAY = 86_400_000;
const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const RULE_TCP = 'RemoteDesktop-UserMode-In-TCP';

async function statusAfter(
  checkId: string,
  change: (s: WinState) => void,
  scenario = 'healthy',
): Promise<{ status: string; verdict: string }> {
  const sim: Sim = await openSim(scenario);
  sim.host.state.clock.now = new Date(NOW).toISOString();
  change(sim.host.state);
  const f = await sim.check(checkId);
  return { status: f.status, verdict: f.verdict };
}

const iso = (ms: number) => new Date(ms).toISOString();

function rdpCerts(s: WinState) {
  return Object.values(s.certificates['Remote Desktop']!);
}

describe('host.certificate: validity dates and the 14-day margin', () => {
  // [what, notBefore, notAfter, expected]
  const rows: Array<[string, number, number, string]> = [
    ['plenty of time left', NOW - 30 * DAY, NOW + 150 * DAY, 'pass'],
    ['exactly 14 days left', NOW - 30 * DAY, NOW + 14 * DAY, 'pass'],
    ['14 days left less one second (13 whole days)', NOW - 30 * DAY, NOW + 14 * DAY - SECOND, 'warn'],
    ['13 days left', NOW - 30 * DAY, NOW + 13 * DAY, 'warn'],
    ['one second left', NOW - 30 * DAY, NOW + SECOND, 'warn'],
    ['expires this instant', NOW - 30 * DAY, NOW, 'fail'],
    ['expired a second ago', NOW - 30 * DAY, NOW - SECOND, 'fail'],
    ['not valid until a second from now', NOW + SECOND, NOW + 150 * DAY, 'fail'],
    ['not valid until tomorrow', NOW + DAY, NOW + 150 * DAY, 'fail'],
    ['valid from this instant', NOW, NOW + 150 * DAY, 'pass'],
  ];
  for (const [what, notBefore, notAfter, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.certificate', (s) => {
        for (const c of rdpCerts(s)) Object.assign(c, { notBefore: iso(notBefore), notAfter: iso(notAfter) });
      });
      expect(r.status, r.verdict).toBe(expected);
      if (notBefore > NOW) expect(r.verdict).toMatch(/not valid before|not yet valid/i);
    });
  }

  it('a certificate without its private key fails', async () => {
    const r = await statusAfter('host.certificate', (s) => {
      for (const c of rdpCerts(s)) c.hasPrivateKey = false;
    });
    expect(r.status, r.verdict).toBe('fail');
  });
});

describe('host.service: TermService is essential, SessionEnv and UmRdpService are helpers', () => {
  // Stopping TermService stops Remote Desktop (fail); a helper down only degrades it (warn).
  const rows: Array<[string, 'stopped' | 'disabled-running' | 'missing', string]> = [
    ['TermService', 'stopped', 'fail'],
    ['TermService', 'missing', 'fail'],
    ['TermService', 'disabled-running', 'warn'],
    ['SessionEnv', 'stopped', 'warn'],
    ['SessionEnv', 'missing', 'warn'],
    ['SessionEnv', 'disabled-running', 'warn'],
    ['UmRdpService', 'stopped', 'warn'],
    ['UmRdpService', 'missing', 'warn'],
    ['UmRdpService', 'disabled-running', 'warn'],
  ];
  for (const [name, how, expected] of rows) {
    it(`${name} ${how}: ${expected}`, async () => {
      const r = await statusAfter('host.service', (s) => {
        if (how === 'missing') delete s.services[name];
        else if (how === 'stopped') Object.assign(s.services[name]!, { status: 'Stopped', processId: null });
        else s.services[name]!.startType = 'Disabled';
      });
      expect(r.status, r.verdict).toBe(expected);
      expect(r.verdict).toContain(name);
    });
  }

  it('all three running: pass', async () => {
    expect((await statusAfter('host.service', () => undefined)).status).toBe('pass');
  });
});

describe('host.firewall and host.port: port ranges, lists and Any cover the listening port', () => {
  // LocalPort text of the Remote Desktop (TCP-In) rule, the listening PortNumber, and whether it is covered
  // (Windows Firewall LocalPort: a number, a range a-b, a comma list of those, or Any).
  const rows: Array<[string, number, boolean]> = [
    ['3389', 3389, true],
    ['3389-3390', 3389, true],
    ['3388-3389', 3389, true],
    ['3389-3390', 3390, true],
    ['3389,3390', 3389, true],
    ['3390,3389', 3389, true],
    ['3390, 3389', 3389, true],
    ['80,3380-3400', 3389, true],
    ['Any', 3389, true],
    ['Any', 50000, true],
    ['3390', 3389, false],
    ['3390-3400', 3389, false],
    ['3380-3388', 3389, false],
    ['3388,3390', 3389, false],
    ['33890', 3389, false],
    ['3389', 3390, false],
  ];
  for (const [localPort, port, covered] of rows) {
    for (const checkId of ['host.firewall', 'host.port']) {
      it(`${checkId}: rule port "${localPort}", listening on ${port}: ${covered ? 'pass' : 'fail'}`, async () => {
        const r = await statusAfter(checkId, (s) => {
          s.firewall.rules[RULE_TCP]!.localPort = localPort;
          s.registry[RDP_TCP]!.PortNumber = { type: 'REG_DWORD', data: port };
        });
        expect(r.status, r.verdict).toBe(covered ? 'pass' : 'fail');
      });
    }
  }

  // An inbound block rule covering the port wins over every allow rule.
  const blocks: Array<[string, boolean]> = [
    ['3389', true],
    ['3389-3390', true],
    ['3000-4000', true],
    ['3389,3390', true],
    ['443,3389', true],
    ['Any', true],
    ['3390-3400', false],
    ['443,3390', false],
  ];
  for (const [localPort, blocks3389] of blocks) {
    it(`host.firewall: a block rule on "${localPort}" ${blocks3389 ? 'blocks' : 'does not block'} port 3389`, async () => {
      const r = await statusAfter('host.firewall', (s) => {
        s.firewall.rules['Block-Test'] = {
          displayName: 'Block test',
          group: '',
          enabled: true,
          direction: 'Inbound',
          action: 'Block',
          protocol: 'TCP',
          localPort,
          profile: 'Any',
        };
      });
      expect(r.status, r.verdict).toBe(blocks3389 ? 'fail' : 'pass');
    });
  }
});

const TS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
const TS_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
type Dword = 0 | 1 | 2 | 3 | null;

function setDword(s: WinState, key: string, name: string, v: Dword): void {
  const k = (s.registry[key] ??= {});
  if (v === null) delete k[name];
  else k[name] = { type: 'REG_DWORD', data: v };
}

describe('host.rdp-enabled: fDenyTSConnections, local and Group Policy (policy wins; not set locally = denied)', () => {
  const rows: Array<[Dword, Dword, string]> = [
    [0, null, 'pass'],
    [1, null, 'fail'],
    [null, null, 'fail'],
    [1, 0, 'pass'],
    [0, 1, 'fail'],
    [null, 0, 'pass'],
    [0, 0, 'pass'],
    [1, 1, 'fail'],
  ];
  for (const [local, policy, expected] of rows) {
    it(`local ${local ?? 'not set'}, policy ${policy ?? 'not set'}: ${expected}`, async () => {
      const r = await statusAfter('host.rdp-enabled', (s) => {
        setDword(s, TS, 'fDenyTSConnections', local);
        setDword(s, TS_POLICY, 'fDenyTSConnections', policy);
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.nla: UserAuthentication against a client with or without CredSSP', () => {
  // required + client without CredSSP: refused (fail); off + client with CredSSP: weaker than needed (warn).
  const rows: Array<[Dword, Dword, boolean, string]> = [
    [1, null, true, 'pass'],
    [1, null, false, 'fail'],
    [0, null, true, 'warn'],
    [0, null, false, 'pass'],
    [null, null, true, 'warn'],
    [0, 1, false, 'fail'],
    [1, 0, false, 'pass'],
  ];
  for (const [local, policy, credssp, expected] of rows) {
    it(`local ${local ?? 'not set'}, policy ${policy ?? 'not set'}, client CredSSP ${credssp}: ${expected}`, async () => {
      const r = await statusAfter('host.nla', (s) => {
        setDword(s, RDP_TCP, 'UserAuthentication', local);
        setDword(s, TS_POLICY, 'UserAuthentication', policy);
        s.client.supportsCredSSP = credssp;
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.security-layer: SecurityLayer 0/1/2 against a client with or without TLS', () => {
  const rows: Array<[Dword, Dword, boolean, string]> = [
    [0, null, true, 'fail'],
    [0, null, false, 'pass'],
    [1, null, true, 'pass'],
    [1, null, false, 'pass'],
    [2, null, true, 'pass'],
    [2, null, false, 'fail'],
    [3, null, true, 'warn'],
    [2, 0, true, 'fail'],
    [0, 2, true, 'pass'],
  ];
  for (const [local, policy, tls, expected] of rows) {
    it(`local ${local ?? 'not set'}, policy ${policy ?? 'not set'}, client TLS ${tls}: ${expected}`, async () => {
      const r = await statusAfter('host.security-layer', (s) => {
        setDword(s, RDP_TCP, 'SecurityLayer', local);
        setDword(s, TS_POLICY, 'SecurityLayer', policy);
        s.client.supportsTLS = tls;
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('time windows: host.events looks back 24 hours, client.udp-transport 7 days', () => {
  const HOUR = 3_600_000;
  const rcm = (at: number) => ({
    log: 'System',
    provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
    id: 1057,
    level: 'Error' as const,
    time: iso(at),
    message: 'The RD Session Host Server has failed to create a new self signed certificate.',
  });
  for (const [what, at, expected] of [
    ['an error 23 h 59 min ago', NOW - 24 * HOUR + 60_000, 'warn'],
    ['an error 24 h 1 min ago', NOW - 24 * HOUR - 60_000, 'pass'],
  ] as const) {
    it(`host.events: ${what}: ${expected}`, async () => {
      const r = await statusAfter('host.events', (s) => {
        s.events = s.events.filter((e) => e.level === 'Information');
        s.events.push(rcm(at));
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }

  const LOG = 'Microsoft-Windows-TerminalServices-RDPClient/Operational';
  const base = { log: LOG, provider: 'Microsoft-Windows-TerminalServices-ClientActiveXCore', level: 'Information' as const };
  for (const [what, at, expected] of [
    ['a UDP connection lost 6 days 23 h ago', NOW - 7 * 24 * HOUR + HOUR, 'warn'],
    ['a UDP connection lost 7 days 1 h ago', NOW - 7 * 24 * HOUR - HOUR, 'pass'],
  ] as const) {
    it(`client.udp-transport: ${what}: ${expected}`, async () => {
      const r = await statusAfter('client.udp-transport', (s) => {
        s.events.push(
          { ...base, id: 1103, time: iso(at - 60_000), message: 'The client has established a multi-transport connection to the server.' },
          { ...base, id: 1026, time: iso(at), message: 'RDP ClientActiveX has been disconnected (Reason= 2308)' },
        );
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.schannel: TLS 1.2 server Enabled / DisabledByDefault (not set = on, on Windows 10 and later)', () => {
  const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server';
  const rows: Array<[Dword, Dword, string]> = [
    [null, null, 'pass'],
    [1, null, 'pass'],
    [1, 0, 'pass'],
    [null, 0, 'pass'],
    [0, null, 'fail'],
    [0, 0, 'fail'],
    [1, 1, 'fail'],
    [null, 1, 'fail'],
  ];
  for (const [enabled, offByDefault, expected] of rows) {
    it(`Enabled ${enabled ?? 'not set'}, DisabledByDefault ${offByDefault ?? 'not set'}: ${expected}`, async () => {
      const r = await statusAfter('host.schannel', (s) => {
        setDword(s, KEY, 'Enabled', enabled);
        setDword(s, KEY, 'DisabledByDefault', offByDefault);
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.listener: each setting that stops RDP-Tcp from listening or accepting logons', () => {
  const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
  const rows: Array<[string, (s: WinState) => void, string]> = [
    ['defaults', () => undefined, 'pass'],
    ['fEnableWinStation 0', (s) => setDword(s, RDP_TCP, 'fEnableWinStation', 0), 'fail'],
    ['fEnableWinStation not set (1)', (s) => setDword(s, RDP_TCP, 'fEnableWinStation', null), 'pass'],
    ['fLogonDisabled 1', (s) => setDword(s, RDP_TCP, 'fLogonDisabled', 1), 'fail'],
    ['TSServerDrainMode 1 (change logon /drain or /drainuntilrestart)', (s) => setDword(s, TS, 'TSServerDrainMode', 1), 'fail'],
    ['TSServerDrainMode 2 (any non-zero value drains)', (s) => setDword(s, TS, 'TSServerDrainMode', 2), 'fail'],
    [
      'WinStationsDisabled "1" (change logon /disable)',
      (s) => (s.registry[WINLOGON]!.WinStationsDisabled = { type: 'REG_SZ', data: '1' }),
      'fail',
    ],
    ['WinStationsDisabled "0"', (s) => (s.registry[WINLOGON]!.WinStationsDisabled = { type: 'REG_SZ', data: '0' }), 'pass'],
    ['TermService stopped', (s) => Object.assign(s.services.TermService!, { status: 'Stopped', processId: null }), 'fail'],
  ];
  for (const [what, change, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.listener', change);
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('client.credssp: AllowEncryptionOracle 0/1/2 (not set = 1) against a host without the 2018 update', () => {
  const CREDSSP = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
  const refusal = (at: number) => ({
    log: 'System',
    provider: 'LsaSrv',
    id: 6041,
    level: 'Error' as const,
    time: iso(at),
    message:
      'A CredSSP authentication to TERMSRV/ws-acct-042.corp.example failed to negotiate a common protocol version. The remote host offered version 4 which is not permitted by Encryption Oracle Remediation.',
  });
  // [value, an unpatched host refused (LsaSrv 6041) how long ago (null: never), expected]
  const rows: Array<[Dword, number | null, string]> = [
    [null, null, 'pass'],
    [1, null, 'pass'],
    [0, null, 'pass'],
    [2, null, 'warn'],
    [0, 3_600_000, 'fail'],
    [1, 3_600_000, 'fail'],
    [null, 3_600_000, 'fail'],
    [2, 3_600_000, 'pass'],
    [1, 7 * DAY - 3_600_000, 'fail'],
    [1, 7 * DAY + 3_600_000, 'pass'],
  ];
  for (const [value, ago, expected] of rows) {
    it(`AllowEncryptionOracle ${value ?? 'not set'}, ${ago === null ? 'no host refused' : `a host refused ${(ago / 3_600_000).toFixed(0)} h ago`}: ${expected}`, async () => {
      const r = await statusAfter('client.credssp', (s) => {
        setDword(s, CREDSSP, 'AllowEncryptionOracle', value);
        s.events = s.events.filter((e) => e.id !== 6041);
        if (ago !== null) s.events.push(refusal(NOW - ago));
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.group-policy: which policy values break connections (warn) and which only apply (pass)', () => {
  const rows: Array<[string, Dword, string]> = [
    ['fDenyTSConnections', 1, 'warn'],
    ['fDenyTSConnections', 0, 'pass'],
    ['SecurityLayer', 0, 'warn'],
    ['SecurityLayer', 1, 'pass'],
    ['SecurityLayer', 2, 'pass'],
    ['fDisableEncryption', 1, 'warn'],
    ['fDisableEncryption', 0, 'pass'],
    ['UserAuthentication', 1, 'pass'],
    ['MinEncryptionLevel', 3, 'pass'],
  ];
  for (const [name, value, expected] of rows) {
    it(`policy ${name} = ${value}: ${expected}`, async () => {
      const r = await statusAfter('host.group-policy', (s) => setDword(s, TS_POLICY, name, value));
      expect(r.status, r.verdict).toBe(expected);
      if (expected === 'warn') expect(r.verdict).toContain(name);
    });
  }

  it('no policy value: pass', async () => {
    const r = await statusAfter('host.group-policy', (s) => delete s.registry[TS_POLICY]);
    expect(r.status, r.verdict).toBe('pass');
  });
});

describe('host.events: which events are errors (warn) and which are context (pass)', () => {
  const ev = (log: string, provider: string, id: number, level: 'Error' | 'Warning' | 'Information') => ({
    log,
    provider,
    id,
    level,
    time: iso(NOW - 3_600_000),
    message: `event ${id}`,
  });
  const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
  const CORE = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational';
  const rows: Array<[string, ReturnType<typeof ev>, string]> = [
    ['RCM 1057 Error (no self-signed certificate)', ev('System', RCM, 1057, 'Error'), 'warn'],
    ['RCM 1058 Error', ev('System', RCM, 1058, 'Error'), 'warn'],
    ['Schannel 36870 Error (private key)', ev('System', 'Schannel', 36870, 'Error'), 'warn'],
    ['Schannel 36871 Error', ev('System', 'Schannel', 36871, 'Error'), 'warn'],
    ['Schannel 36888 Error (generated alert)', ev('System', 'Schannel', 36888, 'Error'), 'warn'],
    ['Schannel 36887 Error alone (received alert: any TLS service)', ev('System', 'Schannel', 36887, 'Error'), 'pass'],
    ['RdpCoreTS 98 Information (TCP accepted)', ev(CORE, 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', 98, 'Information'), 'pass'],
    ['RdpCoreTS 97 Warning (protocol error)', ev(CORE, 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', 97, 'Warning'), 'warn'],
    ['RdpCoreTS 226 Error (broke during setup)', ev(CORE, 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', 226, 'Error'), 'warn'],
  ];
  for (const [what, event, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.events', (s) => {
        s.events = s.events.filter((e) => e.level === 'Information');
        s.events.push(event);
      });
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.os: edition and pending restart', () => {
  const rows: Array<[string, (s: WinState) => void, string]> = [
    ['Windows 11 Pro', () => undefined, 'pass'],
    ['Windows 11 Home (no Remote Desktop host)', (s) => (s.computer.caption = 'Microsoft Windows 11 Home'), 'fail'],
    ['a restart pending', (s) => (s.computer.pendingReboot = true), 'warn'],
    [
      'Home with a restart pending (Home decides)',
      (s) => Object.assign(s.computer, { caption: 'Microsoft Windows 10 Home', pendingReboot: true }),
      'fail',
    ],
  ];
  for (const [what, change, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.os', change);
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('host.machinekeys: the folder ACL of KB 278381 and NETWORK SERVICE on the RDP key file', () => {
  const DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
  const keyFile = (s: WinState) => Object.entries(s.files).find(([p, f]) => p.startsWith(`${DIR}\\`) && f.kind === 'file')![1];
  const deny = (identity: string, rights: string) => ({ identity, rights, type: 'Deny' as const, inherited: false });
  const rows: Array<[string, (s: WinState) => void, string]> = [
    ['default permissions', () => undefined, 'pass'],
    ["folder: Everyone's entry removed", (s) => (s.files[DIR]!.acl = s.files[DIR]!.acl.filter((a) => a.identity !== 'Everyone')), 'fail'],
    [
      'folder: Administrators entry removed',
      (s) => (s.files[DIR]!.acl = s.files[DIR]!.acl.filter((a) => a.identity !== 'BUILTIN\\Administrators')),
      'fail',
    ],
    ['folder: Deny Everyone CreateFiles', (s) => s.files[DIR]!.acl.unshift(deny('Everyone', 'CreateFiles')), 'fail'],
    ['folder: Deny NETWORK SERVICE ReadData', (s) => s.files[DIR]!.acl.unshift(deny('NT AUTHORITY\\NETWORK SERVICE', 'ReadData')), 'fail'],
    [
      'key file: NETWORK SERVICE entry removed',
      (s) => (keyFile(s).acl = keyFile(s).acl.filter((a) => !a.identity.includes('NETWORK SERVICE'))),
      'fail',
    ],
    ['key file: Deny NETWORK SERVICE Read', (s) => keyFile(s).acl.unshift(deny('NT AUTHORITY\\NETWORK SERVICE', 'Read')), 'fail'],
    [
      'key file: Deny BUILTIN\\Users Read (NETWORK SERVICE is a member)',
      (s) => keyFile(s).acl.unshift(deny('BUILTIN\\Users', 'Read')),
      'fail',
    ],
    [
      'key file: Everyone Read instead of NETWORK SERVICE',
      (s) => {
        keyFile(s).acl = keyFile(s).acl.filter((a) => !a.identity.includes('NETWORK SERVICE'));
        keyFile(s).acl.push({ identity: 'Everyone', rights: 'Read', type: 'Allow', inherited: false });
      },
      'pass',
    ],
  ];
  for (const [what, change, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.machinekeys', change);
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('client.winsock: adapters down or without a DHCP lease (169.254.0.0/16)', () => {
  const adapter = (status: 'Up' | 'Down' | 'Disabled', ipv4?: string[]) => ({
    description: 'Intel(R) Ethernet Connection I219-LM',
    status,
    driverDate: '2024-03-11',
    ...(ipv4 ? { ipv4 } : {}),
  });
  const rows: Array<[string, Record<string, ReturnType<typeof adapter>>, string]> = [
    ['one adapter up with a routable address', { Ethernet: adapter('Up', ['10.1.2.3']) }, 'pass'],
    ['one adapter up, only 169.254.x.x', { Ethernet: adapter('Up', ['169.254.17.203']) }, 'warn'],
    ['169.254.x.x and a routable address', { Ethernet: adapter('Up', ['169.254.17.203', '10.1.2.3']) }, 'pass'],
    ['169.255.0.1 is not link-local', { Ethernet: adapter('Up', ['169.255.0.1']) }, 'pass'],
    ['169.253.255.254 is not link-local', { Ethernet: adapter('Up', ['169.253.255.254']) }, 'pass'],
    ['every adapter down', { Ethernet: adapter('Down'), WiFi: adapter('Disabled') }, 'warn'],
    ['one down, one up', { Ethernet: adapter('Down'), WiFi: adapter('Up', ['10.1.2.3']) }, 'pass'],
    ['the up one without a lease, another down', { Ethernet: adapter('Down'), WiFi: adapter('Up', ['169.254.1.1']) }, 'warn'],
  ];
  for (const [what, adapters, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('client.winsock', (s) => (s.adapters = adapters));
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

describe('client.security-software: third-party products that are on', () => {
  const rows: Array<[string, WinState['securityProducts'], string]> = [
    ['Defender only', { antivirus: [{ name: 'Windows Defender', enabled: true }], firewall: [] }, 'pass'],
    ['a third-party antivirus, on', { antivirus: [{ name: 'Contoso Endpoint Shield', enabled: true }], firewall: [] }, 'warn'],
    ['a third-party antivirus, off', { antivirus: [{ name: 'Contoso Endpoint Shield', enabled: false }], firewall: [] }, 'pass'],
    [
      'a third-party firewall, on',
      { antivirus: [{ name: 'Windows Defender', enabled: true }], firewall: [{ name: 'Contoso Firewall', enabled: true }] },
      'warn',
    ],
    ['nothing registered', { antivirus: [], firewall: [] }, 'pass'],
  ];
  for (const [what, products, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('client.security-software', (s) => (s.securityProducts = { ...s.securityProducts, ...products }));
      expect(r.status, r.verdict).toBe(expected);
    });
  }
});

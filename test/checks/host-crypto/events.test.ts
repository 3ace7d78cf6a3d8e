import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';

const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('host.events', () => {
  it('passes on a healthy host: a logon (LSM 21) is context, not an error', async () => {
    const f = await (await openSim('healthy')).check('host.events');
    expect(f.status).toBe('pass');
    expect(f.evidence.some((e) => e.label.startsWith('LocalSessionManager 21'))).toBe(true);
    expect(f.fixes).toEqual([]);
  });

  it('machinekeys-acl: RCM 1057/1058 and Schannel 36870 point at host.certificate and host.machinekeys', async () => {
    const f = await (await openSim('machinekeys-acl')).check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.certificate', 'host.machinekeys']);
    const labels = f.evidence.map((e) => e.label);
    expect(labels).toEqual(
      expect.arrayContaining(['RemoteConnectionManager 1057 (Error)', 'RemoteConnectionManager 1058 (Error)', 'Schannel 36870 (Error)']),
    );
    expect(f.evidence.find((e) => e.label === 'RemoteConnectionManager 1057 (Error)')?.value).toMatch(/^2×/);
    // The logon 30 h ago is outside the window.
    expect(labels.some((l) => l.startsWith('LocalSessionManager'))).toBe(false);
    expect(f.fixes).toEqual([]);
  });

  it('tls12-disabled: Schannel 36871 points at host.schannel', async () => {
    const f = await (await openSim('tls12-disabled')).check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.schannel']);
  });

  it("maps TLS alerts and RDP stack errors to the checks that explain them; ignores other providers' IDs", async () => {
    const sim = await openSim('healthy');
    const add = (log: string, provider: string, id: number, level: 'Error' | 'Warning' | 'Information', h = 1) =>
      sim.host.state.events.push({ log, provider, id, level, time: hoursAgo(h), message: `event ${id}` });
    add('System', 'Schannel', 36874, 'Error');
    add('System', 'Schannel', 36887, 'Error');
    // Group Policy also logs 1058 in the System log: not an RDP event.
    add('System', 'Microsoft-Windows-GroupPolicy', 1058, 'Error');
    add('System', RCM, 1057, 'Error', 30);
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.schannel']);
    expect(f.verdict).toMatch(/every TLS service on this host/);
    expect(f.evidence.some((e) => /GroupPolicy/.test(e.label))).toBe(false);
    expect(f.evidence.some((e) => e.label.startsWith('RemoteConnectionManager'))).toBe(false);
  });

  it('Schannel 36887 alone (a client rejecting some TLS service, e.g. IIS) is context, not a Remote Desktop error', async () => {
    const sim = await openSim('healthy');
    for (const h of [1, 2, 3]) {
      sim.host.state.events.push({
        log: 'System',
        provider: 'Schannel',
        id: 36887,
        level: 'Error',
        time: hoursAgo(h),
        message: 'A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.',
      });
    }
    const f = await sim.check('host.events');
    expect(f.status).toBe('pass');
    expect(f.evidence.some((e) => e.label === 'Schannel 36887 (Error)')).toBe(true);
  });

  it('informational events alone (logons, disconnects, TCP accepted) pass', async () => {
    const sim = await openSim('healthy');
    const lsm = 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational';
    for (const id of [24, 25, 40]) {
      sim.host.state.events.push({
        log: lsm,
        provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
        id,
        level: 'Information',
        time: hoursAgo(2),
        message: '',
      });
    }
    sim.host.state.events.push({
      log: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
      provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
      id: 98,
      level: 'Information',
      time: hoursAgo(2),
      message: '',
    });
    expect((await sim.check('host.events')).status).toBe('pass');
  });
});

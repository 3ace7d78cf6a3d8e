// Issue 11 §4, "access denied is not absent" beyond Get-Item: every read whose error used to be swallowed by
// -ErrorAction SilentlyContinue (Get-Service, Get-NetTCPConnection, Get-Process, Get-CimInstance, Invoke-CimMethod,
// Get-WinEvent, Get-NetFirewall*, Get-ScheduledTask, Get-DnsClientCache) now reports "could not read X (reason)";
// the check warns instead of passing, and never calls the item missing, stopped or empty.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSim } from '../support/sim';
import { TARGET } from '../checks/client-leftovers/helpers';

describe('host.service: Get-Service refused is not "not installed"', () => {
  it('warns "could not read TermService (access denied)" and offers no start', async () => {
    const sim = await openSim('healthy');
    expect((await sim.check('host.service')).status).toBe('pass');
    sim.host.state.unreadableServices = ['TermService'];
    const f = await sim.check('host.service');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read TermService \(access denied\)/);
    expect(f.verdict).not.toMatch(/not installed/);
    expect(f.evidence.find((e) => e.label === 'TermService')?.value).toBe('could not read (access denied)');
    expect(f.fixes ?? []).toEqual([]);
  });

  it('still fails a stopped TermService and names the helper it could not read', async () => {
    const sim = await openSim('service-stopped');
    sim.host.state.unreadableServices = ['UmRdpService'];
    const f = await sim.check('host.service');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/could not read UmRdpService \(access denied\)/);
    expect(f.verdict).not.toMatch(/UmRdpService.*not installed/);
  });
});

describe('host.listener: sockets, processes and adapters it could not read', () => {
  it('Get-NetTCPConnection refused: "could not read the listening sockets", not "nothing listens"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.deniedReads = ['Get-NetTCPConnection'];
    const f = await sim.check('host.listener');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read the listening sockets \(Get-NetTCPConnection: access denied\)/);
    expect(f.verdict).not.toMatch(/nothing listens/i);
    expect(f.evidence.find((e) => e.label === 'Listening on the port')?.value).toBe('could not read (access denied)');
  });

  it('Get-Process refused: the owner is "not readable (access denied)", not an unknown process', async () => {
    const sim = await openSim('healthy');
    sim.host.state.deniedReads = ['Get-Process'];
    const f = await sim.check('host.listener');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'Listening on the port')?.value).toMatch(
      /process not readable \(access denied\) \(PID \d+\)/,
    );
  });

  it('Win32_NetworkAdapter refused: the bound adapter is unknown, never "no longer exists"', async () => {
    const sim = await openSim('listener-wrong-adapter');
    sim.host.state.unreadableWmiClasses = ['Win32_NetworkAdapter'];
    const f = await sim.check('host.listener');
    expect(f.verdict).toMatch(/could not read the network adapters \(Win32_NetworkAdapter: access denied\)/);
    expect(f.verdict).not.toMatch(/which no longer exists/);
    expect(f.evidence.find((e) => e.label === 'Bound adapter')?.value).toMatch(/could not read the network adapters \(access denied\)/);
  });
});

describe('host.licensing: Win32_TerminalServiceSetting and its log refused', () => {
  it('an unreadable WMI class is "role unknown", never "not a Session Host: licensing does not apply"', async () => {
    const sim = await openSim('licensing-grace-expired');
    sim.host.state.unreadableWmiClasses = ['Win32_TerminalServiceSetting'];
    const f = await sim.check('host.licensing');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read Win32_TerminalServiceSetting \(access denied\)/);
    expect(f.verdict).not.toMatch(/licensing does not apply/);
  });

  it('a RemoteConnectionManager/Admin log it may not read keeps a configured host from passing', async () => {
    const sim = await openSim('licensing-grace-expired');
    sim.host.state.licensing = {
      ...sim.host.state.licensing,
      licensingType: 4,
      licenseServers: ['ls01'],
      reachable: ['ls01'],
      graceDaysLeft: 30,
    };
    expect((await sim.check('host.licensing')).status).toBe('pass');
    sim.host.state.unreadableLogs = ['Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin'];
    const f = await sim.check('host.licensing');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/could not read Microsoft-Windows-TerminalServices-RemoteConnectionManager\/Admin \(access denied\)/);
  });
  it('GetSpecifiedLicenseServerList refused: "could not be read", never "no license server is configured"', async () => {
    const sim = await openSim('licensing-grace-expired');
    sim.host.state.licensing = {
      ...sim.host.state.licensing,
      licensingType: 4,
      licenseServers: ['ls01'],
      reachable: ['ls01'],
      graceDaysLeft: 30,
    };
    sim.host.state.deniedReads = ['GetSpecifiedLicenseServerList'];
    const f = await sim.check('host.licensing');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/the license server list could not be read \(access denied\)/);
    expect(f.verdict).not.toMatch(/no license server is configured|RD licensing is not working/);
  });
});

describe('host.session-limits: the Session Host role could not be read', () => {
  it('the 2-session limit of a Server without the role is a warn naming the unread class, not a fail', async () => {
    const sim = await openSim('session-limit-reached');
    expect((await sim.check('host.session-limits')).status).toBe('fail');
    sim.host.state.unreadableWmiClasses = ['Win32_TerminalServiceSetting'];
    const f = await sim.check('host.session-limits');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/could not read Win32_TerminalServiceSetting \(access denied\)/);
    expect(f.evidence.find((e) => e.label === 'Edition')?.value).toMatch(/role unknown \(could not read: access denied\)/);
  });
});

describe('host.user-rights: RSOP refused', () => {
  it('a deny right is not called "local security policy" when RSOP could not be read', async () => {
    const sim = await openSim('user-not-allowed');
    const smith = 'S-1-5-21-1004336348-1177238915-682003330-1301';
    sim.host.state.accounts.rights.SeDenyRemoteInteractiveLogonRight = { sids: [smith], policy: null };
    expect((await sim.check('host.user-rights')).verdict).toMatch(/\(local security policy\)/);
    sim.host.state.unreadableWmiClasses = ['RSOP_UserPrivilegeRight'];
    const f = await sim.check('host.user-rights');
    expect(f.verdict).toMatch(/could not read RSOP \(access denied\)/);
    expect(f.verdict).not.toMatch(/\(local security policy\)/);
  });
});

describe('host.azure: SMBIOS refused', () => {
  it('"no sign of Azure, but could not read Win32_SystemEnclosure" instead of "This is not an Azure VM"', async () => {
    const sim = await openSim('healthy');
    expect((await sim.check('host.azure')).verdict).toBe('This is not an Azure VM.');
    sim.host.state.unreadableWmiClasses = ['Win32_SystemEnclosure'];
    const f = await sim.check('host.azure');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/could not read Win32_SystemEnclosure \(access denied\)/);
  });
});

describe("client.saved-credentials: this PC's Remote Desktop store could not be read", () => {
  it('warns "could not read Cert:\\LocalMachine\\Remote Desktop" instead of "none is older than the certificate"', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    // Saved after the certificate: readable, it passes; unreadable, it cannot be judged.
    for (const c of Object.values(sim.host.state.credentials)) c.lastWritten = new Date().toISOString();
    expect((await sim.check('client.saved-credentials')).status).toBe('pass');
    sim.host.state.unreadableKeys = ['Cert:\\LocalMachine\\Remote Desktop'];
    const f = await sim.check('client.saved-credentials');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read Cert:\\LocalMachine\\Remote Desktop \(access denied\)/);
    expect(f.verdict).not.toMatch(/none is known to be older/);
    expect(f.fixes).toEqual([]);
  });
});

describe('ops/session-user: GetOwner refused', () => {
  it('the desktop user is "could not read (access denied)", not "(none found)"', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    sim.host.state.deniedReads = ['GetOwner'];
    const f = await sim.check('client.saved-credentials');
    expect(f.evidence.find((e) => e.label === 'Desktop user')?.value).toBe('(could not read: access denied)');
  });
});

describe('firewall, scheduled revert, DNS cache: a refused read stops the script, never "none"', () => {
  it('host.firewall is an error naming access denied, not "no rule allows the port"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.deniedReads = ['Get-NetFirewallRule'];
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('error');
    expect(JSON.stringify(f.evidence)).toMatch(/Get-NetFirewallRule: Access is denied/);
  });

  it('ops/revert-task: Get-ScheduledTask refused is an error, not "removed: 0"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.deniedReads = ['Get-ScheduledTask'];
    await expect(
      sim.host.run('ops/revert-task', { action: 'unregister', entryId: '20260101T000000Z-0123abcd' }, z.unknown()),
    ).rejects.toThrow(/Get-ScheduledTask: Access is denied/);
  });

  it('ops/dns-cache: Get-DnsClientCache refused is an error, not "0 entries"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.deniedReads = ['Get-DnsClientCache'];
    await expect(sim.host.run('ops/dns-cache', { action: 'count' }, z.unknown())).rejects.toThrow(/Get-DnsClientCache: Access is denied/);
  });
});

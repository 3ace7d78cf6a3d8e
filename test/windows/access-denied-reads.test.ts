// Issue 11 §4, "access denied is not absent" beyond Get-Item: every read whose error used to be swallowed by
// -ErrorAction SilentlyContinue (Get-Service, Get-NetTCPConnection, Get-Process, Get-CimInstance, Invoke-CimMethod,
// Get-WinEvent, Get-NetFirewall*, Get-ScheduledTask, Get-DnsClientCache) now reports "could not read X (reason)";
// the check warns instead of passing, and never calls the item missing, stopped or empty.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSim } from '../support/sim';
import { TARGET } from '../checks/client-leftovers/helpers';
import type { Finding } from '../../shared/model';
import type { WinState } from '../../electron/hosts/simulated/state';

/** One read refused on a simulated host, and what the check must say about it. */
interface RefusedRead {
  check: string;
  it: string;
  scenario: string;
  target?: string;
  /** The host as the test needs it before anything is refused. */
  prepare?: (state: WinState) => void;
  /** What the check says while the read still works: the refusal, not the scenario, makes the difference. */
  readable?: { status?: Finding['status']; verdict?: RegExp | string };
  refuse: (state: WinState) => void;
  status?: Finding['status'];
  says?: RegExp;
  never?: RegExp;
  evidence?: { label: string; value: RegExp | string };
  offersNoFix?: boolean;
}

const DENIED_USER_SID = 'S-1-5-21-1004336348-1177238915-682003330-1301';
const LICENSING_LOG = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin';
const configuredLicensing = (state: WinState) => {
  state.licensing = { ...state.licensing, licensingType: 4, licenseServers: ['ls01'], reachable: ['ls01'], graceDaysLeft: 30 };
};

const REFUSED_READS: RefusedRead[] = [
  {
    check: 'host.service',
    it: 'Get-Service refused is not "not installed": warns "could not read TermService (access denied)" and offers no start',
    scenario: 'healthy',
    readable: { status: 'pass' },
    refuse: (s) => (s.unreadableServices = ['TermService']),
    status: 'warn',
    says: /Could not read TermService \(access denied\)/,
    never: /not installed/,
    evidence: { label: 'TermService', value: 'could not read (access denied)' },
    offersNoFix: true,
  },
  {
    check: 'host.service',
    it: 'still fails a stopped TermService and names the helper it could not read',
    scenario: 'service-stopped',
    refuse: (s) => (s.unreadableServices = ['UmRdpService']),
    status: 'fail',
    says: /could not read UmRdpService \(access denied\)/,
    never: /UmRdpService.*not installed/,
  },
  {
    check: 'host.listener',
    it: 'Get-NetTCPConnection refused: "could not read the listening sockets", not "nothing listens"',
    scenario: 'healthy',
    refuse: (s) => (s.deniedReads = ['Get-NetTCPConnection']),
    status: 'warn',
    says: /Could not read the listening sockets \(Get-NetTCPConnection: access denied\)/,
    never: /nothing listens/i,
    evidence: { label: 'Listening on the port', value: 'could not read (access denied)' },
  },
  {
    check: 'host.listener',
    it: 'Get-Process refused: the owner is "not readable (access denied)", not an unknown process',
    scenario: 'healthy',
    refuse: (s) => (s.deniedReads = ['Get-Process']),
    status: 'pass',
    evidence: { label: 'Listening on the port', value: /process not readable \(access denied\) \(PID \d+\)/ },
  },
  {
    check: 'host.listener',
    it: 'Win32_NetworkAdapter refused: the bound adapter is unknown, never "no longer exists"',
    scenario: 'listener-wrong-adapter',
    refuse: (s) => (s.unreadableWmiClasses = ['Win32_NetworkAdapter']),
    says: /could not read the network adapters \(Win32_NetworkAdapter: access denied\)/,
    never: /which no longer exists/,
    evidence: { label: 'Bound adapter', value: /could not read the network adapters \(access denied\)/ },
  },
  {
    check: 'host.licensing',
    it: 'an unreadable Win32_TerminalServiceSetting is "role unknown", never "not a Session Host: licensing does not apply"',
    scenario: 'licensing-grace-expired',
    refuse: (s) => (s.unreadableWmiClasses = ['Win32_TerminalServiceSetting']),
    status: 'warn',
    says: /Could not read Win32_TerminalServiceSetting \(access denied\)/,
    never: /licensing does not apply/,
  },
  {
    check: 'host.licensing',
    it: 'a RemoteConnectionManager/Admin log it may not read keeps a configured host from passing',
    scenario: 'licensing-grace-expired',
    prepare: configuredLicensing,
    readable: { status: 'pass' },
    refuse: (s) => (s.unreadableLogs = [LICENSING_LOG]),
    status: 'warn',
    says: /could not read Microsoft-Windows-TerminalServices-RemoteConnectionManager\/Admin \(access denied\)/,
  },
  {
    check: 'host.licensing',
    it: 'GetSpecifiedLicenseServerList refused: "could not be read", never "no license server is configured"',
    scenario: 'licensing-grace-expired',
    prepare: configuredLicensing,
    refuse: (s) => (s.deniedReads = ['GetSpecifiedLicenseServerList']),
    status: 'warn',
    says: /the license server list could not be read \(access denied\)/,
    never: /no license server is configured|RD licensing is not working/,
  },
  {
    check: 'host.session-limits',
    it: 'the 2-session limit of a Server without the role is a warn naming the unread class, not a fail',
    scenario: 'session-limit-reached',
    readable: { status: 'fail' },
    refuse: (s) => (s.unreadableWmiClasses = ['Win32_TerminalServiceSetting']),
    status: 'warn',
    says: /could not read Win32_TerminalServiceSetting \(access denied\)/,
    evidence: { label: 'Edition', value: /role unknown \(could not read: access denied\)/ },
  },
  {
    check: 'host.user-rights',
    it: 'RSOP refused: a deny right is not called "local security policy" when RSOP could not be read',
    scenario: 'user-not-allowed',
    prepare: (s) => (s.accounts.rights.SeDenyRemoteInteractiveLogonRight = { sids: [DENIED_USER_SID], policy: null }),
    readable: { verdict: /\(local security policy\)/ },
    refuse: (s) => (s.unreadableWmiClasses = ['RSOP_UserPrivilegeRight']),
    says: /could not read RSOP \(access denied\)/,
    never: /\(local security policy\)/,
  },
  {
    check: 'host.azure',
    it: 'SMBIOS refused: "no sign of Azure, but could not read Win32_SystemEnclosure" instead of "This is not an Azure VM"',
    scenario: 'healthy',
    readable: { verdict: 'This is not an Azure VM.' },
    refuse: (s) => (s.unreadableWmiClasses = ['Win32_SystemEnclosure']),
    status: 'warn',
    says: /could not read Win32_SystemEnclosure \(access denied\)/,
  },
  {
    check: 'client.saved-credentials',
    it: 'warns "could not read Cert:\\LocalMachine\\Remote Desktop" instead of "none is older than the certificate"',
    scenario: 'stale-credentials',
    target: TARGET,
    // Saved after the certificate: readable, it passes; unreadable, it cannot be judged.
    prepare: (s) => Object.values(s.credentials).forEach((c) => (c.lastWritten = new Date().toISOString())),
    readable: { status: 'pass' },
    refuse: (s) => (s.unreadableKeys = ['Cert:\\LocalMachine\\Remote Desktop']),
    status: 'warn',
    says: /Could not read Cert:\\LocalMachine\\Remote Desktop \(access denied\)/,
    never: /none is known to be older/,
    offersNoFix: true,
  },
  {
    check: 'client.saved-credentials',
    it: 'ops/session-user: GetOwner refused: the desktop user is "could not read (access denied)", not "(none found)"',
    scenario: 'stale-credentials',
    target: TARGET,
    refuse: (s) => (s.deniedReads = ['GetOwner']),
    evidence: { label: 'Desktop user', value: '(could not read: access denied)' },
  },
];

describe('a refused read is named, never taken for absent, stopped or empty', () => {
  for (const row of REFUSED_READS) {
    it(`${row.check}: ${row.it}`, async () => {
      const sim = await openSim(row.scenario, row.target ? { target: row.target } : {});
      row.prepare?.(sim.host.state);
      if (row.readable) {
        const before = await sim.check(row.check);
        if (row.readable.status) expect(before.status).toBe(row.readable.status);
        if (typeof row.readable.verdict === 'string') expect(before.verdict).toBe(row.readable.verdict);
        else if (row.readable.verdict) expect(before.verdict).toMatch(row.readable.verdict);
      }
      row.refuse(sim.host.state);
      const f = await sim.check(row.check);
      if (row.status) expect(f.status).toBe(row.status);
      if (row.says) expect(f.verdict).toMatch(row.says);
      if (row.never) expect(f.verdict).not.toMatch(row.never);
      if (row.evidence) {
        const value = f.evidence.find((e) => e.label === row.evidence!.label)?.value;
        if (typeof row.evidence.value === 'string') expect(value).toBe(row.evidence.value);
        else expect(value).toMatch(row.evidence.value);
      }
      if (row.offersNoFix) expect(f.fixes ?? []).toEqual([]);
    });
  }
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

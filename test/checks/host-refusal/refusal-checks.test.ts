// The host-side reasons for a refusal (issue 14): user rights, session limits, licensing and the listener's
// adapter binding and backlog, on the simulated host; fixes through their rollback.
import { describe, expect, it } from 'vitest';
import { openSim, roundTripOn } from '../../support/sim';

const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const TS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
const M_SMITH = 'S-1-5-21-1004336348-1177238915-682003330-1301';
const RDP_STAFF = 'S-1-5-21-1004336348-1177238915-682003330-1105';

describe('host.user-rights', () => {
  it('fails for the refused account and adds it to Remote Desktop Users; rollback removes it', async () => {
    const sim = await openSim('user-not-allowed');
    const r = await roundTripOn(sim, 'host.user-rights', 'add-to-remote-desktop-users');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.verdict).toMatch(/CORP\\m\.smith is not a member of Remote Desktop Users or Administrators/);
    expect(r.applied.entry.changes[0]).toMatchObject({ after: 'with CORP\\m.smith' });
    expect(r.applied.finding.status).toBe('pass');
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('a member through a nested group (token groups, not a name match) passes', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.members[RDP_STAFF]!.push(M_SMITH);
    expect((await sim.check('host.user-rights')).status).toBe('pass');
  });

  it('a deny right set by Group Policy fails, names the policy and offers no group fix', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.members[RDP_STAFF]!.push(M_SMITH);
    sim.host.state.accounts.rights.SeDenyRemoteInteractiveLogonRight = { sids: [RDP_STAFF], policy: 'Workstation hardening' };
    const f = await sim.check('host.user-rights');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/denied .*through S-1-5-21.*Group Policy "Workstation hardening"/);
    expect(f.fixes).toEqual([]);
    expect(f.related).toEqual(['host.group-policy']);
  });

  it('a refusal older than the look-back window is not reported', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.refusedLogons[0]!.time = new Date(Date.now() - 30 * 86_400_000).toISOString();
    expect((await sim.check('host.user-rights')).status).toBe('pass');
  });
});

describe('host.session-limits', () => {
  it('fails when the disconnected session holds the last slot; logging it off frees it (irreversible, confirmed)', async () => {
    const sim = await openSim('session-limit-reached');
    const before = await sim.check('host.session-limits');
    expect(before.status).toBe('fail');
    expect(before.verdict).toMatch(/2 of 2/);
    const offered = before.fixes.find((x) => x.id === 'log-off-disconnected-session');
    expect(offered).toMatchObject({ reversible: false, dropsSessions: true });
    expect(offered?.confirmText).toMatch(/Unsaved work/);
    await expect(sim.fix('host.session-limits', 'log-off-disconnected-session', false)).rejects.toThrow();
    expect(sim.host.state.sessions.some((s) => s.id === 5)).toBe(true);
    const applied = await sim.fix('host.session-limits', 'log-off-disconnected-session');
    expect(applied.entry.changes[0]).toMatchObject({ what: 'Session 5 of CORP\\a.berg', after: '(logged off)' });
    expect(sim.host.state.sessions.some((s) => s.id === 5)).toBe(false);
    expect(sim.host.state.sessions.some((s) => s.id === 3)).toBe(true);
    expect(applied.finding.status).toBe('pass');
  });

  it('never logs off a session that became active again', async () => {
    const sim = await openSim('session-limit-reached');
    await sim.check('host.session-limits');
    sim.host.state.sessions.find((s) => s.id === 5)!.state = 'Active';
    await expect(sim.fix('host.session-limits', 'log-off-disconnected-session')).rejects.toThrow();
    expect(sim.host.state.sessions.find((s) => s.id === 5)?.state).toBe('Active');
  });

  it('MaxInstanceCount from Group Policy wins over the RD Session Host role', async () => {
    const sim = await openSim('session-limit-reached');
    sim.host.state.licensing.sessionHost = true;
    expect((await sim.check('host.session-limits')).status).toBe('pass');
    sim.host.state.registry['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services'] = {
      MaxInstanceCount: { type: 'REG_DWORD', data: 1 },
    };
    const f = await sim.check('host.session-limits');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/Group Policy "Limit number of connections"/);
    // 999999 is how the policy says "unlimited".
    sim.host.state.registry['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services'].MaxInstanceCount = {
      type: 'REG_DWORD',
      data: 999999,
    };
    expect((await sim.check('host.session-limits')).status).toBe('pass');
  });
});

describe('host.licensing', () => {
  it('fails when the grace period is over with nothing configured, and shows event 1069', async () => {
    const f = await (await openSim('licensing-grace-expired')).check('host.licensing');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/grace period is over \(0 days left\) and no licensing mode is configured/);
    expect(f.evidence.some((e) => /^Event 1069/.test(e.label))).toBe(true);
  });

  it('warns while grace days are left, and passes with a mode and a license server that answers', async () => {
    const sim = await openSim('licensing-grace-expired');
    sim.host.state.licensing.graceDaysLeft = 40;
    expect((await sim.check('host.licensing')).verdict).toMatch(/40 days of the grace period are left/);
    Object.assign(sim.host.state.licensing, { licensingType: 4, licenseServers: ['lic01.corp.example'], reachable: [] });
    expect((await sim.check('host.licensing')).verdict).toMatch(/no license server answers \(lic01/);
    sim.host.state.licensing.reachable = ['lic01.corp.example'];
    sim.host.state.events = [];
    expect(await sim.check('host.licensing')).toMatchObject({ status: 'pass' });
  });
});

describe('host.listener additions', () => {
  it('bound to a vanished adapter: fails, binds to all adapters and restarts; rollback restores LanAdapter', async () => {
    const sim = await openSim('listener-wrong-adapter');
    const r = await roundTripOn(sim, 'host.listener', 'repair-listener');
    expect(r.findingBefore.verdict).toMatch(/bound to network adapter 2 \(LanAdapter\), which no longer exists/);
    expect(r.applied.entry.changes.map((c) => c.what)).toEqual([`${RDP_TCP}\\LanAdapter`, 'Service TermService']);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('an adapter that exists under that GUID keeps it listening', async () => {
    const sim = await openSim('listener-wrong-adapter');
    sim.host.state.adapters['Ethernet 2'] = {
      description: 'Intel(R) Ethernet',
      status: 'Up',
      driverDate: '2024-01-01',
      interfaceGuid: '{5B0C1E7A-3F2D-4C1B-9E8A-7D6C5B4A3F21}',
    };
    const f = await sim.check('host.listener');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'Bound adapter')?.value).toBe('Ethernet 2');
  });

  it("MaxOutstandingConnections at KB 954398's 50 warns, 51 does not (no threshold of our own)", async () => {
    const at = async (n: number) => {
      const sim = await openSim('healthy');
      sim.host.state.registry[TS]!.MaxOutstandingConnections = { type: 'REG_DWORD', data: n };
      return sim.check('host.listener');
    };
    const fifty = await at(50);
    expect(fifty.status).toBe('warn');
    expect(fifty.verdict).toMatch(/KB 954398 describes this at 50 pending connections and advises a value larger than 50/);
    expect((await at(51)).status).toBe('pass');
    expect((await at(99)).status).toBe('pass');
  });

  it('a MaxOutstandingConnections of 50 or less warns; the repair removes it and rollback puts it back', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS]!.MaxOutstandingConnections = { type: 'REG_DWORD', data: 5 };
    const r = await roundTripOn(sim, 'host.listener', 'repair-listener');
    expect(r.findingBefore).toMatchObject({ status: 'warn' });
    expect(r.findingBefore.verdict).toMatch(/MaxOutstandingConnections is 5/);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });
});

import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';
import { CLIENT_POLICY_KEY, CREDSSP_KEY, DEFAULT_KEY, roundTrip, SERVERS_KEY, TARGET } from './helpers';

const RDPCLIENT_LOG = 'Microsoft-Windows-TerminalServices-RDPClient/Operational';

function udpDrop(sim: Awaited<ReturnType<typeof openSim>>) {
  const at = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const base = { log: RDPCLIENT_LOG, provider: 'Microsoft-Windows-TerminalServices-ClientActiveXCore', level: 'Information' as const };
  sim.host.state.events.push(
    { ...base, id: 1103, time: at(3), message: 'The client has established a multi-transport connection to the server.' },
    { ...base, id: 1026, time: at(2), message: 'RDP ClientActiveX has been disconnected (Reason= 2308)' },
  );
}

describe('client.saved-credentials fix', () => {
  it('needs confirmation, deletes the stale credential, keeps target, user and date in the journal, refuses rollback', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    const before = sim.snapshotState();
    await expect(sim.fix('client.saved-credentials', 'delete-stale-credentials', false)).rejects.toThrow(/cannot be undone/);
    expect(sim.snapshotState()).toEqual(before);

    const { entry, finding } = await sim.fix('client.saved-credentials', 'delete-stale-credentials', true);
    expect(finding.status).toBe('pass');
    expect(sim.host.state.credentials).toEqual({});
    expect(entry.reversible).toBe(false);
    expect(entry.snapshot).toEqual({
      credentials: [{ target: `TERMSRV/${TARGET}`, user: 'CORP\\helpdesk.tech', type: 'DomainPassword', lastWritten: expect.any(String) }],
    });
    expect(entry.changes[0]).toMatchObject({ what: `Credential Manager: TERMSRV/${TARGET}`, after: '(deleted)' });
    await expect(sim.rollback(entry.id)).rejects.toThrow(/cannot be undone/);
  });

  it('only deletes stale entries and needs no elevation', async () => {
    const sim = await openSim('stale-credentials', { elevated: false });
    sim.host.state.credentials['TERMSRV/rds01.corp.example'] = {
      user: 'CORP\\helpdesk.tech',
      type: 'DomainPassword',
      lastWritten: '2020-01-01T00:00:00.000Z',
    };
    const f = await sim.check('client.saved-credentials');
    expect(f.fixes[0]?.disabledReason).toBeUndefined();
    await sim.fix('client.saved-credentials', 'delete-stale-credentials');
    expect(Object.keys(sim.host.state.credentials)).toEqual(['TERMSRV/rds01.corp.example']);
  });
});

describe('client.history fix', () => {
  it.each([undefined, TARGET])('exports, removes the stale entries, rollback restores the state exactly (target %s)', async (target) => {
    const sim = await openSim('stale-credentials', { target });
    const { applied, rolled } = await roundTrip(sim, 'client.history', 'clear-stale-history');
    expect(applied.finding.status).toBe('pass');
    const snap = applied.entry.snapshot as { files: string[]; servers: { server: string }[]; mru: { name: string }[] };
    expect(snap.files).toHaveLength(2);
    expect(snap.files.every((f) => f.endsWith('.reg'))).toBe(true);
    expect(snap.servers.map((s) => s.server)).toEqual([TARGET]);
    expect(snap.mru.map((m) => m.name)).toEqual(['MRU0']);
    expect(rolled.finding?.status).toBe('warn');
  });

  it('removes the server key and the MRU entry while applied, leaves other hosts alone', async () => {
    const sim = await openSim('stale-credentials');
    sim.host.state.registry[DEFAULT_KEY]!.MRU1 = { type: 'REG_SZ', data: 'rds01.corp.example' };
    await sim.fix('client.history', 'clear-stale-history');
    expect(Object.keys(sim.host.state.registry)).not.toContain(SERVERS_KEY);
    expect(sim.host.state.registry[DEFAULT_KEY]).toEqual({ MRU1: { type: 'REG_SZ', data: 'rds01.corp.example' } });
  });

  it('works without elevation (HKCU)', async () => {
    const sim = await openSim('stale-credentials', { elevated: false });
    const f = await sim.check('client.history');
    expect(f.fixes[0]?.disabledReason).toBeUndefined();
    await roundTrip(sim, 'client.history', 'clear-stale-history');
  });
});

describe('client.credssp fixes', () => {
  it('allow-vulnerable-oracle: confirmed opt-in, then an open risk with the restore offered; rollback restores 0 exactly', async () => {
    const sim = await openSim('credssp-oracle');
    await expect(sim.fix('client.credssp', 'allow-vulnerable-oracle', false)).rejects.toThrow(/lowers security/);
    const { applied, rolled } = await roundTrip(sim, 'client.credssp', 'allow-vulnerable-oracle');
    expect(applied.entry.lowersSecurity).toBe(true);
    // Weaker but needed for that host: passes with the reason; the journal entry is the open risk.
    expect(applied.finding.status).toBe('pass');
    expect(applied.finding.verdict).toMatch(/Vulnerable.*patch the host, then restore/);
    expect(rolled.finding?.status).toBe('fail');
    expect(sim.host.state.registry[CREDSSP_KEY]!.AllowEncryptionOracle).toEqual({ type: 'REG_DWORD', data: 0 });
  });

  it('allow-vulnerable-oracle from an absent value: rollback deletes it again', async () => {
    const sim = await openSim('credssp-oracle');
    delete sim.host.state.registry[CREDSSP_KEY]!.AllowEncryptionOracle;
    expect((await sim.check('client.credssp')).status).toBe('fail');
    await roundTrip(sim, 'client.credssp', 'allow-vulnerable-oracle');
    expect(sim.host.state.registry[CREDSSP_KEY]).toEqual({});
  });

  it('once the host that needed Vulnerable is no longer seen, 2 becomes an open risk with the restore offered', async () => {
    const sim = await openSim('credssp-oracle');
    await sim.fix('client.credssp', 'allow-vulnerable-oracle', true);
    sim.host.state.events = sim.host.state.events.filter((e) => e.id !== 6041);
    const f = await sim.check('client.credssp');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Open risk/);
    expect(f.fixes.map((x) => x.id)).toEqual(['restore-oracle-default']);
  });

  it('restore-oracle-default removes 2 and round-trips', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[CREDSSP_KEY]!.AllowEncryptionOracle = { type: 'REG_DWORD', data: 2 };
    const { applied } = await roundTrip(sim, 'client.credssp', 'restore-oracle-default');
    expect(applied.finding.status).toBe('pass');
    expect(sim.host.state.registry[CREDSSP_KEY]!.AllowEncryptionOracle).toEqual({ type: 'REG_DWORD', data: 2 });
  });

  it('needs administrator rights (HKLM)', async () => {
    const sim = await openSim('credssp-oracle', { elevated: false });
    const f = await sim.check('client.credssp');
    expect(f.fixes[0]?.disabledReason).toMatch(/administrator/);
    const before = sim.snapshotState();
    await expect(sim.fix('client.credssp', 'allow-vulnerable-oracle')).rejects.toThrow(/administrator/);
    expect(sim.snapshotState()).toEqual(before);
  });
});

describe('client.udp-transport', () => {
  it('is informational on healthy, with the value', async () => {
    const sim = await openSim('healthy');
    const f = await sim.check('client.udp-transport');
    expect(f.status).toBe('pass');
    expect(f.evidence[0]).toMatchObject({ label: 'fClientDisableUDP', value: '(not set: UDP allowed)' });
  });

  it('warns after a connection was lost over UDP; force-tcp round-trips', async () => {
    const sim = await openSim('healthy');
    udpDrop(sim);
    const f = await sim.check('client.udp-transport');
    expect(f.status).toBe('warn');
    expect(f.fixes.map((x) => x.id)).toEqual(['force-tcp']);
    const { applied } = await roundTrip(sim, 'client.udp-transport', 'force-tcp');
    expect(applied.finding.status).toBe('pass');
    expect(sim.host.state.registry[CLIENT_POLICY_KEY]).toEqual({});
  });

  it('a drop without UDP is not UDP trouble', async () => {
    const sim = await openSim('healthy');
    udpDrop(sim);
    sim.host.state.events = sim.host.state.events.filter((e) => e.id !== 1103);
    expect((await sim.check('client.udp-transport')).status).toBe('pass');
  });

  it('names the policy when Group Policy set the value, and needs admin otherwise', async () => {
    const sim = await openSim('healthy', { elevated: false });
    udpDrop(sim);
    expect((await sim.check('client.udp-transport')).fixes[0]?.disabledReason).toMatch(/administrator/);
    sim.host.state.registry[CLIENT_POLICY_KEY]!.fClientDisableUDP = { type: 'REG_DWORD', data: 0 };
    expect((await sim.check('client.udp-transport')).fixes[0]?.disabledReason).toMatch(/Turn Off UDP On Client/);
  });
});

describe('client.winsock', () => {
  it('warns when an up adapter has only an automatic address; the reset needs confirmation, renews it, and cannot be rolled back', async () => {
    const sim = await openSim('healthy');
    sim.host.state.adapters.Ethernet!.ipv4 = ['169.254.17.203'];
    const f = await sim.check('client.winsock');
    expect(f.status).toBe('warn');
    expect(f.fixes[0]).toMatchObject({ id: 'winsock-reset', reversible: false, needsRestart: true, needsAdmin: true, dropsSessions: true });
    const before = sim.snapshotState();
    await expect(sim.fix('client.winsock', 'winsock-reset', false)).rejects.toThrow(/cannot be undone/);
    expect(sim.snapshotState()).toEqual(before);
    const { entry, finding } = await sim.fix('client.winsock', 'winsock-reset', true);
    expect(finding.status).toBe('pass');
    expect(sim.host.state.adapters.Ethernet!.ipv4).toEqual(['192.168.1.100']);
    expect(sim.host.state.computer.pendingReboot).toBe(true);
    expect(entry.snapshot).toEqual({ adapters: [{ name: 'Ethernet', status: 'Up', ipv4: ['169.254.17.203'] }] });
    await expect(sim.rollback(entry.id)).rejects.toThrow(/cannot be undone/);
  });

  it('warns when no adapter is up; a reset does not plug the cable back in', async () => {
    const sim = await openSim('healthy');
    sim.host.state.adapters.Ethernet!.status = 'Down';
    expect((await sim.check('client.winsock')).status).toBe('warn');
    const { finding } = await sim.fix('client.winsock', 'winsock-reset');
    expect(finding.status).toBe('warn');
  });

  it('needs administrator rights', async () => {
    const sim = await openSim('healthy', { elevated: false });
    sim.host.state.adapters.Ethernet!.status = 'Down';
    expect((await sim.check('client.winsock')).fixes[0]?.disabledReason).toMatch(/administrator/);
  });
});

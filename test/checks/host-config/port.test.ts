import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';

describe('host.port', () => {
  it('passes on a healthy host, with and without a target on 3389', async () => {
    expect((await (await openSim('healthy')).check('host.port')).status).toBe('pass');
    expect((await (await openSim('healthy', { target: 'ws-acct-042.corp.example' })).check('host.port')).status).toBe('pass');
  });

  it('fails on port-mismatch: listening on 3390, firewall rule on 3389; no fix, an explanation', async () => {
    const f = await (await openSim('port-mismatch')).check('host.port');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/listens on port 3390 but the firewall rule opens 3389/);
    expect(f.fixes).toEqual([]);
  });

  it('fails when the client dials another port than the host listens on', async () => {
    const f = await (await openSim('healthy', { target: 'ws-acct-042.corp.example:3390' })).check('host.port');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/client dials port 3390 but Remote Desktop listens on 3389/);
  });

  it('passes on a moved port when a rule opens it and the client dials it', async () => {
    const sim = await openSim('port-mismatch', { target: 'ws-acct-042.corp.example:3390' });
    sim.host.state.firewall.rules['RemoteDesktop-UserMode-In-TCP']!.localPort = '3390';
    const f = await sim.check('host.port');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/not the default 3389/);
  });

  it('counts another allow rule that names the port', async () => {
    const sim = await openSim('port-mismatch');
    sim.host.state.firewall.rules['RDP-Custom-3390'] = {
      displayName: 'RDP 3390',
      group: '',
      enabled: true,
      direction: 'Inbound',
      action: 'Allow',
      protocol: 'TCP',
      localPort: '3390',
      profile: 'Any',
    };
    expect((await sim.check('host.port')).status).toBe('pass');
  });
});

import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';
import { dword, RDP_TCP, TS, TS_POLICY } from './helpers';

describe('host.group-policy', () => {
  it('passes when no policy is set', async () => {
    const f = await (await openSim('healthy')).check('host.group-policy');
    expect(f.status).toBe('pass');
    expect(f.policy).toBeUndefined();
  });

  it('warns on rdp-disabled-by-policy, names the policy, offers nothing to edit', async () => {
    const f = await (await openSim('rdp-disabled-by-policy')).check('host.group-policy');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/fDenyTSConnections = 1 denies every Remote Desktop connection/);
    expect(f.policy).toMatch(/Allow users to connect remotely/);
    expect(f.fixes).toEqual([]);
  });

  it('reports every policy value with its policy, and passes when they agree with the local values', async () => {
    const sim = await openSim('healthy');
    const key = sim.host.state.registry[TS_POLICY]!;
    key.UserAuthentication = dword(1);
    key.SecurityLayer = dword(2);
    key.fEncryptRPCTraffic = dword(1);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('pass');
    expect(f.evidence.map((e) => e.label)).toEqual([
      'UserAuthentication (set by policy)',
      'SecurityLayer (set by policy)',
      'fEncryptRPCTraffic (set by policy)',
    ]);
    expect(f.policy).toMatch(/Network Level Authentication.*specific security layer.*secure RPC/);
  });

  it('passes (and says so) when a policy value simply applies instead of a different local one', async () => {
    // A domain GPO raising the encryption level over the local default is Group Policy working as designed.
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.MinEncryptionLevel = dword(3);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/MinEncryptionLevel = 3 applies instead of the local 2/);
    expect(f.policy).toMatch(/Set client connection encryption level/);
  });

  it('NLA required by a domain GPO over a local UserAuthentication 0 is healthy: no warning here or in host.nla', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.UserAuthentication = dword(0);
    sim.host.state.registry[TS_POLICY]!.UserAuthentication = dword(1);
    const gp = await sim.check('host.group-policy');
    expect(gp.status).toBe('pass');
    expect(gp.policy).toMatch(/Network Level Authentication/);
    const nla = await sim.check('host.nla');
    expect(nla.status).toBe('pass');
    expect(nla.policy).toMatch(/Network Level Authentication/);
  });

  it('RDP allowed by policy over a local "deny" is healthy', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS]!.fDenyTSConnections = dword(1);
    sim.host.state.registry[TS_POLICY]!.fDenyTSConnections = dword(0);
    expect((await sim.check('host.group-policy')).status).toBe('pass');
    expect((await sim.check('host.rdp-enabled')).status).toBe('pass');
    expect((await sim.check('host.listener')).status).toBe('pass');
  });

  it('does not claim that a PortNumber under the policy key overrides anything', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.PortNumber = dword(3390);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/PortNumber = 3390 under the policy key is ignored/);
    expect(f.verdict).not.toMatch(/applies instead/);
  });

  it('still warns on a breaking policy value, and names the other overrides alongside', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.SecurityLayer = dword(0);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/SecurityLayer = 0 forces the legacy RDP Security Layer/);
    expect(f.verdict).toMatch(/SecurityLayer = 0 applies instead of the local 2/);
    expect(f.related).toEqual(['host.security-layer']);
    expect(f.fixes).toEqual([]);
  });

  it('flags a legacy fDisableEncryption value that no template writes', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.fDisableEncryption = dword(1);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('warn');
    expect(f.policy).toBeUndefined();
    expect(f.evidence[0]?.value).toMatch(/no administrative template/);
  });
});

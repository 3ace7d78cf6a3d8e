import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';
import { dword, TS_POLICY } from './helpers';

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
    expect(f.evidence.map((e) => e.label)).toEqual(['UserAuthentication (set by policy)', 'SecurityLayer (set by policy)', 'fEncryptRPCTraffic (set by policy)']);
    expect(f.policy).toMatch(/Network Level Authentication.*specific security layer.*secure RPC/);
  });

  it('warns when a policy overrides a different local value', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[TS_POLICY]!.MinEncryptionLevel = dword(3);
    const f = await sim.check('host.group-policy');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/MinEncryptionLevel = 3 overrides the local value 2/);
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

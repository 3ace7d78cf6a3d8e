// host.events reads the refusal reasons of issue 14 from the simulated event log and points each at the check
// that explains it: licensing 1004/1028/1068/1069 at host.licensing, Security 4625 of a Remote Desktop logon
// (type 10) refused with 0xC000015B at host.user-rights. A wrong password, or a 4625 of another logon type, is
// no host fault.
import { describe, expect, it } from 'vitest';
import { rankCauses } from '../../../electron/engine/causes';
import { openSim } from '../../support/sim';

const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function failedLogon(type: string, status: string, sub: string, h = 1) {
  return {
    log: 'Security',
    provider: 'Microsoft-Windows-Security-Auditing',
    id: 4625,
    // Audit events carry level 0, which Windows shows as Information; the failure is in the id.
    level: 'Information' as const,
    time: hoursAgo(h),
    message: 'An account failed to log on.',
    data: { TargetUserSid: 'S-1-0-0', LogonType: type, Status: status, SubStatus: sub },
  };
}

describe('host.events: the refusal reasons', () => {
  it('user-not-allowed: 4625 (type 10, 0xC000015B) points at host.user-rights, which ranks first', async () => {
    const sim = await openSim('user-not-allowed');
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.user-rights']);
    expect(f.verdict).toMatch(/not been granted the requested logon type/);
    expect(f.evidence.find((e) => e.label.startsWith('Security-Auditing 4625'))?.value).toMatch(/^1×.*0xC000015B/);
    const causes = rankCauses(await sim.all());
    expect(causes[0]?.checkId).toBe('host.user-rights');
  });

  it.each([
    [1004, `${RCM}/Operational`],
    [1028, `${RCM}/Operational`],
    [1028, `${RCM}/Admin`],
    [1068, `${RCM}/Admin`],
    [1069, `${RCM}/Admin`],
  ])('licensing event %i in %s points at host.licensing', async (id, log) => {
    const sim = await openSim('healthy');
    sim.host.state.events.push({ log, provider: RCM, id, level: 'Error', time: hoursAgo(2), message: `event ${id}` });
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.licensing']);
    expect(f.evidence[0]?.label).toBe(`RemoteConnectionManager ${id} (Error)`);
  });

  it('event 1006 (many incomplete connections, KB 954398) points at host.listener', async () => {
    const sim = await openSim('healthy');
    sim.host.state.events.push({ log: `${RCM}/Admin`, provider: RCM, id: 1006, level: 'Error', time: hoursAgo(2), message: 'event 1006' });
    expect((await sim.check('host.events')).related).toEqual(['host.listener']);
  });

  it('licensing-grace-expired: event 1069 points at host.licensing, which ranks first', async () => {
    const sim = await openSim('licensing-grace-expired');
    expect((await sim.check('host.events')).related).toEqual(['host.licensing']);
    expect(rankCauses(await sim.all())[0]?.checkId).toBe('host.licensing');
  });

  it('the reason is read from SubStatus when it says more than Status', async () => {
    const sim = await openSim('healthy');
    sim.host.state.events.push(failedLogon('10', '0xc000006e', '0xc000015b'));
    expect((await sim.check('host.events')).related).toEqual(['host.user-rights']);
  });

  it('a wrong password at a Remote Desktop logon is context, not a host fault', async () => {
    const sim = await openSim('healthy');
    sim.host.state.events.push(failedLogon('10', '0xc000006d', '0xc000006a'));
    const f = await sim.check('host.events');
    expect(f.status).toBe('pass');
    expect(f.evidence.some((e) => /wrong password \(0xC000006A\)/.test(JSON.stringify(e.value)))).toBe(true);
  });

  it('0xC000015B for another logon type (3, a network logon: another right) is not read', async () => {
    const sim = await openSim('healthy');
    sim.host.state.events.push(failedLogon('3', '0xc000015b', '0x0'));
    const f = await sim.check('host.events');
    expect(f.status).toBe('pass');
    expect(f.evidence.some((e) => e.label.includes('4625'))).toBe(false);
  });

  it('a refusal older than the 24 h window is not reported', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.refusedLogons[0]!.time = hoursAgo(30);
    expect((await sim.check('host.events')).status).toBe('pass');
  });
});

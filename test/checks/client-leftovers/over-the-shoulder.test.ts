// UAC over-the-shoulder: RDP Doctor elevated with another administrator's account reads that account's HKCU
// and Credential Manager; the per-user checks must say so instead of "nothing stale".
import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';

async function elevatedAsOther(scenario: string) {
  const sim = await openSim(scenario);
  sim.host.state.computer.processUser = 'CORP\\adm.jdoe';
  sim.host.state.computer.interactiveUser = 'CORP\\m.keller';
  return sim;
}

describe('per-user checks under UAC over-the-shoulder elevation', () => {
  it.each(['healthy', 'stale-credentials'])(
    '%s: saved credentials and history warn naming both accounts, without fixes',
    async (scenario) => {
      const sim = await elevatedAsOther(scenario);
      for (const id of ['client.saved-credentials', 'client.history']) {
        const f = await sim.check(id);
        expect(f.status).toBe('warn');
        expect(f.verdict).toMatch(/^RDP Doctor runs as CORP\\adm\.jdoe; these are that account's .*, not CORP\\m\.keller's/);
        expect(f.fixes).toEqual([]);
        expect(f.evidence.find((e) => e.label === 'Desktop user')?.value).toBe('CORP\\m.keller');
      }
    },
  );

  it('the account names compare case-insensitively', async () => {
    const sim = await openSim('healthy');
    sim.host.state.computer.interactiveUser = 'corp\\HELPDESK.TECH';
    expect((await sim.check('client.saved-credentials')).status).toBe('pass');
  });

  it('machine-wide checks are not affected', async () => {
    const sim = await elevatedAsOther('healthy');
    expect((await sim.check('client.credssp')).status).toBe('pass');
    expect((await sim.check('client.udp-transport')).status).toBe('pass');
  });
});

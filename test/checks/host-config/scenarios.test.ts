// The host-configuration scenarios against this group's checks: exactly the expected checks fail or warn, the
// first cause's fix makes it pass, and rollback restores the scenario's state exactly.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../../electron/engine/checks';
import { readScenarioFile } from '../../../electron/hosts/simulated/scenarios';
import { fixRoundTrip, openSim } from '../../support/sim';

const ours = new Set([
  'host.rdp-enabled',
  'host.port',
  'host.firewall',
  'host.service',
  'host.listener',
  'host.security-layer',
  'host.nla',
  'host.group-policy',
]);
const hostConfigChecks = allChecks.filter((c) => ours.has(c.id));
const notPassing = (s: string) => s === 'fail' || s === 'warn';

const FIRST_FIX: Record<string, [string, string] | null> = {
  'rdp-disabled': ['host.rdp-enabled', 'enable-rdp'],
  'rdp-disabled-by-policy': null,
  'firewall-blocked': ['host.firewall', 'enable-rdp-rules'],
  'nla-mismatch': ['host.nla', 'disable-nla'],
  'security-layer-rdp': ['host.security-layer', 'set-negotiate'],
  'service-stopped': ['host.service', 'start-rdp-services'],
  'port-mismatch': null,
};

describe('host-configuration scenarios', () => {
  it('every check of the group passes on healthy', async () => {
    const findings = await (await openSim('healthy')).all((id) => ours.has(id));
    expect(findings.map((f) => [f.id, f.status])).toEqual(hostConfigChecks.map((c) => [c.id, 'pass']));
  });

  for (const [scenario, fix] of Object.entries(FIRST_FIX)) {
    describe(scenario, () => {
      const file = readScenarioFile(scenario);

      it('fails exactly the expected checks of this group', async () => {
        const findings = await (await openSim(scenario)).all((id) => ours.has(id));
        const failing = findings
          .filter((f) => notPassing(f.status))
          .map((f) => f.id)
          .sort();
        expect(failing).toEqual(file.expect!.failing.filter((id) => ours.has(id)).sort());
        expect(file.expect!.failing.every((id) => ours.has(id))).toBe(true);
        expect(file.summary.split('\n')).toHaveLength(1);
      });

      if (fix) {
        it(`${fix[0]} / ${fix[1]} fixes it and rolls back exactly`, async () => {
          const r = await fixRoundTrip(scenario, fix[0], fix[1]);
          expect(notPassing(r.findingBefore.status)).toBe(true);
          expect(r.applied.finding.status).toBe('pass');
          expect(r.afterRollback).toEqual(r.before);
        });
      } else {
        it('offers no local fix for its first cause', async () => {
          const f = await (await openSim(scenario)).check(file.expect!.topCauses![0]!);
          expect(f.fixes).toEqual([]);
        });
      }
    });
  }
});

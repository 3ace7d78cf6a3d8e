// Every scenario is held to its own "expect": exactly these checks fail or warn, these are the top causes,
// and (single-fault scenarios) the first cause's fix makes its check pass and rolls back to the exact state.
import { describe, expect, it } from 'vitest';
import { listScenarios, readScenarioFile } from '../electron/hosts/simulated/scenarios';
import { rankCauses } from '../electron/engine/causes';
import { findCheck } from '../electron/engine/checks';
import { openSim } from './support/sim';

const scenarios = listScenarios();

describe('scenarios', () => {
  it('each scenario says in one line what is wrong in it', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
    for (const s of scenarios) {
      expect(s.summary.length, s.name).toBeGreaterThan(20);
      expect(s.summary.includes('\n'), s.name).toBe(false);
      expect(readScenarioFile(s.name).expect, `${s.name} has no "expect"`).toBeDefined();
    }
  });

  for (const { name } of scenarios) {
    const expected = readScenarioFile(name).expect!;
    describe(name, () => {
      it(`fails or warns exactly on: ${expected.failing.join(', ') || 'nothing'}`, async () => {
        const sim = await openSim(name);
        const findings = await sim.all();
        const errors = findings.filter((f) => f.status === 'error');
        expect(errors.map((f) => `${f.id}: ${f.verdict}`)).toEqual([]);
        const problems = findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id);
        expect(problems.sort()).toEqual([...expected.failing].sort());
        const top = rankCauses(findings).slice(0, expected.topCauses?.length ?? 0).map((c) => c.checkId);
        expect(top.sort()).toEqual([...(expected.topCauses ?? [])].sort());
      });

      const single = expected.topCauses?.length === 1 ? expected.topCauses[0]! : null;
      if (single) {
        it(`the first fix of ${single} makes it pass, and rollback restores the scenario exactly`, async () => {
          const sim = await openSim(name);
          const finding = await sim.check(single);
          const fixInfo = finding.fixes.find((f) => !f.disabledReason);
          if (!fixInfo) {
            // Guidance only (policy-controlled or nothing the app may change): it must say what to do.
            expect(finding.policy ?? finding.verdict).toBeTruthy();
            return;
          }
          const before = sim.snapshotState();
          const applied = await sim.fix(single, fixInfo.id, true);
          expect(applied.finding.status, applied.finding.verdict).toBe('pass');
          const fix = findCheck(single)!.fixes.find((f) => f.id === fixInfo.id)!;
          if (fix.reversible) {
            const rolled = await sim.rollback(applied.entry.id);
            expect(rolled.entry.state).toBe('rolled-back');
            expect(sim.snapshotState()).toEqual(before);
            expect((await sim.check(single)).status).toBe(finding.status);
          } else {
            await expect(sim.rollback(applied.entry.id)).rejects.toThrow(/cannot be undone/);
          }
        });
      }
    });
  }
});

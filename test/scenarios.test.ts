// Every scenario is held to its own "expect": exactly these checks fail or warn, these are the top causes;
// (single-fault scenarios) a fix of the cause makes its check pass, or the app offers only guidance and changes
// nothing; and every fix any check offers in any scenario rolls back to the exact prior state (deep equality).
import { describe, expect, it } from 'vitest';
import { listScenarios, readScenarioFile } from '../electron/hosts/simulated/scenarios';
import { rankCauses } from '../electron/engine/causes';
import { findCheck } from '../electron/engine/checks';
import { openSim } from './support/sim';
import type { Json } from '../shared/model';

/** Evidence as a reader sees it: scalars as text, lists comma-separated, objects as JSON. */
const shown = (v: Json | undefined): string =>
  v !== null && typeof v === 'object' ? (Array.isArray(v) ? v.map(shown).join(',') : JSON.stringify(v)) : String(v);

const scenarios = listScenarios();

/**
 * A cause the app cannot fix (Group Policy owns the setting, or the fix is elsewhere): every fix of the check
 * is listed as disabled with its reason, trying one is refused, and the host is exactly as before.
 */
async function expectGuidanceOnly(name: string, checkId: string): Promise<void> {
  const sim = await openSim(name);
  const finding = await sim.check(checkId);
  // A fault the check cannot confirm (a key file whose permissions Administrators may not read) is a warning.
  expect(['fail', 'warn'], finding.verdict).toContain(finding.status);
  // The guidance is about this host: a policy it names, or the values it read (each number in the verdict,
  // other than a cited KB article, is one the check found on the host: in an evidence value or where it was read).
  if (finding.policy) {
    expect(finding.verdict).toMatch(/Group Policy/);
    expect(finding.policy).toMatch(/^(Computer|User) Configuration > /);
  } else {
    const numbers = finding.verdict.replace(/\bKB \d+/g, '').match(/\d+/g) ?? [];
    expect(numbers.length, finding.verdict).toBeGreaterThan(0);
    const found = finding.evidence.flatMap((e) => `${shown(e.value)} ${e.source ?? ''}`.match(/\d+/g) ?? []);
    for (const n of numbers) expect(found, `${n} in "${finding.verdict}"`).toContain(n);
  }
  const before = sim.snapshotState();
  for (const f of findCheck(checkId)!.fixes) {
    const listed = finding.fixes.find((x) => x.id === f.id);
    if (listed) expect(listed.disabledReason, `${checkId}/${f.id}`).toBeTruthy();
    await expect(sim.fix(checkId, f.id, true), `${checkId}/${f.id} must be refused`).rejects.toThrow();
    expect(sim.snapshotState(), `${checkId}/${f.id} changed the host`).toEqual(before);
  }
}

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
        const top = rankCauses(findings)
          .slice(0, expected.topCauses?.length ?? 0)
          .map((c) => c.checkId);
        expect(top.sort()).toEqual([...(expected.topCauses ?? [])].sort());
      });

      const single = expected.topCauses?.length === 1 ? expected.topCauses[0]! : null;
      if (single) {
        it(`a fix offered for ${single} makes it pass (or it offers only guidance and changes nothing)`, async () => {
          const sim = await openSim(name);
          const finding = await sim.check(single);
          const offered = finding.fixes.filter((f) => !f.disabledReason);
          if (offered.length === 0) {
            await expectGuidanceOnly(name, single);
            return;
          }
          const results = [];
          for (const f of offered) {
            const fresh = await openSim(name);
            results.push((await fresh.fix(single, f.id, true)).finding.status);
          }
          expect(results, `fixes ${offered.map((f) => f.id).join(', ')}`).toContain('pass');
        });
      }

      // Every fix the scenario offers, on every check: applied, then rolled back to the exact prior state.
      it('every offered fix changes the host, and rolls back to the exact prior state (or says it cannot)', async () => {
        const findings = await (await openSim(name)).all();
        const offered = findings.flatMap((f) =>
          f.fixes.filter((x) => !x.disabledReason).map((x) => ({ checkId: f.id, status: f.status, fixId: x.id })),
        );
        for (const o of offered) {
          const where = `${name}: ${o.checkId}/${o.fixId}`;
          const sim = await openSim(name);
          const before = sim.snapshotState();
          const applied = await sim.fix(o.checkId, o.fixId, true);
          expect(sim.snapshotState(), `${where} changed nothing`).not.toEqual(before);
          const fix = findCheck(o.checkId)!.fixes.find((f) => f.id === o.fixId)!;
          if (!fix.reversible) {
            await expect(sim.rollback(applied.entry.id), where).rejects.toThrow(/cannot be undone/);
            continue;
          }
          const rolled = await sim.rollback(applied.entry.id);
          expect(rolled.entry.state, where).toBe('rolled-back');
          expect(sim.snapshotState(), `${where}: rollback`).toEqual(before);
          expect((await sim.check(o.checkId)).status, where).toBe(o.status);
        }
      });
    });
  }
});

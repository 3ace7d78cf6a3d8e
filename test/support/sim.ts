// Test helpers over the real engine and the simulated host: open a scenario, run a check, apply a fix and
// roll it back through the journal, exactly as the app does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseTarget } from '../../shared/target';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { runChecks } from '../../electron/engine/runner';
import { applyFix, rollbackEntry } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { allChecks, findCheck } from '../../electron/engine/checks';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';
import type { WinState } from '../../electron/hosts/simulated/state';
import type { FixParams } from '../../shared/model';

export function tempDir(prefix = 'rdp-doctor-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function openSim(scenario: string, options: { target?: string; stateFile?: string; elevated?: boolean } = {}) {
  const host = SimulatedHost.open({ scenario, stateFile: options.stateFile ?? null });
  if (options.elevated === false) host.state.computer.elevated = false;
  const journal = new Journal(path.join(tempDir(), 'journal'));
  const parsed = options.target ? parseTarget(options.target) : null;
  const target = parsed && parsed.ok ? parsed.target : null;
  const ctx = async () => createContext(host, await host.info(), target, new AbortController().signal);
  const hostRef = { kind: 'simulated' as const, scenario, stateFile: options.stateFile ?? null };
  return {
    host,
    journal,
    ctx,
    snapshotState: (): string => canonicalJson(host.state),
    state: (): WinState => JSON.parse(JSON.stringify(host.state)),
    async check(id: string) {
      const check = findCheck(id);
      if (!check) throw new Error(`no check ${id}`);
      return (await evaluate(check, await ctx())).finding;
    },
    /** Through the runner, as a diagnosis runs them (host.powershell first; skips behind it). */
    async all(filter: (id: string) => boolean = () => true) {
      return runChecks(
        allChecks.filter((k) => filter(k.id)),
        await ctx(),
        { runId: 'test' },
      );
    },
    async fix(checkId: string, fixId: string, confirmed = true, params?: FixParams) {
      return applyFix(findCheck(checkId)!, fixId, await ctx(), journal, hostRef, { confirmed, ...(params ? { params } : {}) });
    },
    /** confirmDowngrade: the technician's answer when the rollback would put back a value lowering security. */
    async rollback(entryId: string, confirmDowngrade = true) {
      const { entry } = journal.read(entryId);
      if (!entry) throw new Error(`no entry ${entryId}`);
      return rollbackEntry(
        entry,
        findCheck(entry.checkId),
        await ctx(),
        journal,
        { kind: 'user' },
        { confirm: (_detail: string, reason: 'downgrade' | 'disconnect') => reason !== 'downgrade' || confirmDowngrade },
      );
    },
  };
}

export type Sim = Awaited<ReturnType<typeof openSim>>;

/** Applies a fix and rolls it back; returns the canonical state before and after for a deep-equal. */
export async function roundTripOn(sim: Sim, checkId: string, fixId: string) {
  const before = sim.snapshotState();
  const findingBefore = await sim.check(checkId);
  const applied = await sim.fix(checkId, fixId);
  const afterFix = sim.snapshotState();
  const rolled = await sim.rollback(applied.entry.id);
  return { sim, before, findingBefore, applied, afterFix, rolled, afterRollback: sim.snapshotState() };
}

/** The same round trip on a scenario as it is. */
export async function fixRoundTrip(scenario: string, checkId: string, fixId: string, options: { target?: string } = {}) {
  return roundTripOn(await openSim(scenario, options), checkId, fixId);
}

/** The fix is listed but disabled for lack of elevation, and trying it changes nothing. */
export async function expectNeedsAdmin(sim: Sim, checkId: string, fixId: string) {
  const f = await sim.check(checkId);
  const offered = f.fixes.find((x) => x.id === fixId);
  expect(offered?.disabledReason).toMatch(/administrator/);
  const before = sim.snapshotState();
  await expect(sim.fix(checkId, fixId)).rejects.toThrow(/administrator/);
  expect(sim.snapshotState()).toEqual(before);
}

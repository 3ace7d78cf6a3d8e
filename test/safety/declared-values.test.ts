// Audit G7: every registry value a fix declares is held to its documented data, not just NLA's. The table is
// derived from the fixes' own declarations (a new fix is covered without editing this file), plus a floor of
// the values Microsoft documents as lowering security: a declaration that forgets one is caught here too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry, Json } from '../../shared/model';
import { runScheduledRevert } from '../../electron/app/scheduled-reverts';
import { allChecks } from '../../electron/engine/checks';
import { applyFix } from '../../electron/engine/fixer';
import { newEntryId } from '../../electron/engine/journal';
import { checkSnapshot, type RegTouch } from '../../electron/engine/touches';
import type { AnyCheck, AnyFix } from '../../electron/engine/types';
import { CREDSSP_KEY, RDP_TCP_KEY } from '../../electron/engine/windows-paths';
import { runCli } from '../support/cli';
import { openSim, tempDir, type Sim } from '../support/sim';

/**
 * Data that lowers security, from Microsoft's documentation, whatever the declarations say:
 * UserAuthentication 0 (NLA not required) and SecurityLayer 0 (RDP Security Layer, no TLS):
 * https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-rdp-winstationextensions-securitylayer
 * https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-rdp-winstationextensions-userauthentication
 * AllowEncryptionOracle 2 (Vulnerable): https://support.microsoft.com/help/4093492
 */
const DOCUMENTED_LOWERING: { key: string; name: string; data: number }[] = [
  { key: RDP_TCP_KEY, name: 'UserAuthentication', data: 0 },
  { key: RDP_TCP_KEY, name: 'SecurityLayer', data: 0 },
  { key: CREDSSP_KEY, name: 'AllowEncryptionOracle', data: 2 },
];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

interface Declared {
  check: AnyCheck;
  fix: AnyFix;
  ref: RegTouch;
  /** Every DWORD this fix's declaration allows for the value (a value may be declared once per type). */
  allowed: number[];
}

const declared: Declared[] = allChecks.flatMap((check) =>
  check.fixes.flatMap((fix) => {
    const t = fix.touches;
    if (t.shape !== 'registry-values') return [];
    return t.registry
      .filter((ref) => ref.values && ref.type === 'REG_DWORD')
      .map((ref) => {
        const dwords = t.registry.filter((r) => same(r.key, ref.key) && same(r.name, ref.name) && r.type === 'REG_DWORD');
        return { check, fix, ref, allowed: dwords.flatMap((r) => [...(r.values ?? [])]) };
      });
  }),
);

const named = (d: Pick<Declared, 'check' | 'fix' | 'ref'>) => `${d.check.id}/${d.fix.id} ${d.ref.name}`;
/** The smallest DWORD Windows does not document for the value: what an edited entry would plant. */
const undocumented = (allowed: number[]) => [0, 1, 2, 3, 4, 5, 6, 7, 8].find((n) => !allowed.includes(n))!;
const dword = (data: number) => ({ type: 'REG_DWORD', data });

/** A journal entry of this fix restoring `value`, as an attacker (or a broken disk) would leave it. */
function plant(sim: Sim, d: Pick<Declared, 'check' | 'fix' | 'ref'>, value: Json, after: Json): string {
  const now = new Date().toISOString();
  const entry: JournalEntry = {
    id: newEntryId(),
    checkId: d.check.id,
    fixId: d.fix.id,
    title: d.fix.title,
    state: 'applied',
    host: { kind: 'simulated', scenario: 'healthy', stateFile: null },
    createdAt: now,
    appliedAt: now,
    rolledBackAt: null,
    reversible: true,
    lowersSecurity: false,
    snapshot: { items: [{ key: d.ref.key, name: d.ref.name, value, after }] },
    changes: [],
    error: null,
    revertAt: null,
    rolledBackBy: null,
  };
  return sim.journal.create(entry).id;
}

const reversible = (d: Declared) => d.fix.reversible && d.fix.rollback !== undefined;

describe('every declared DWORD is held to its documented data (audit G7)', () => {
  it('the table holds every registry fix with documented values', () => {
    // The audit's example values must be in it: a refactor that drops declarations empties the table.
    for (const name of ['fDenyTSConnections', 'SecurityLayer', 'UserAuthentication', 'AllowEncryptionOracle', 'fClientDisableUDP'])
      expect(
        declared.some((d) => d.ref.name === name),
        name,
      ).toBe(true);
  });

  it.each(declared.filter(reversible).map((d) => [named(d), d] as const))(
    '%s: a rollback restoring an undocumented DWORD (before or after) is refused; nothing changes',
    async (_, d) => {
      const sim = await openSim('healthy');
      const bad = undocumented(d.allowed);
      const good = d.allowed[0]!;
      // The control: the same entry with documented data fits the declaration, so the refusal is for the value.
      expect(
        checkSnapshot(d.fix.touches, { items: [{ key: d.ref.key, name: d.ref.name, value: dword(good) }] }, { journalDir: sim.journal.dir })
          .ok,
      ).toBe(true);
      const edits: [Json, Json][] = [
        [dword(bad), dword(good)],
        [dword(good), dword(bad)],
      ];
      for (const [value, after] of edits) {
        const id = plant(sim, d, value, after);
        const before = sim.snapshotState();
        await expect(sim.rollback(id, true)).rejects.toThrow(
          new RegExp(`${d.ref.name} = .*"data":${bad}.*outside|outside.*${d.ref.name}.*Nothing was changed`),
        );
        expect(sim.snapshotState()).toEqual(before);
        expect(sim.journal.read(id).entry?.state).toBe('applied');
      }
    },
  );

  it.each(declared.map((d) => [named(d), d] as const))(
    '%s: apply refuses a snapshot holding an undocumented DWORD before the journal or the host changes',
    async (_, d) => {
      const sim = await openSim('healthy');
      const snapshot = { items: [{ key: d.ref.key, name: d.ref.name, value: dword(undocumented(d.allowed)) }] };
      // The check says the fix applies, and the fix's snapshot reads the undocumented value (an odd host, an edit).
      const fix: AnyFix = { ...d.fix, params: undefined, blockedBy: undefined, snapshot: () => Promise.resolve(snapshot) };
      const check: AnyCheck = {
        ...d.check,
        needsTarget: false,
        collect: () => Promise.resolve({}),
        judge: () => ({ status: 'fail', verdict: 'planted', evidence: [], fixes: [fix.id] }),
        fixes: [fix],
      };
      const before = sim.snapshotState();
      const hostRef = { kind: 'simulated' as const, scenario: 'healthy', stateFile: null };
      await expect(
        applyFix(check, fix.id, await sim.ctx(), sim.journal, hostRef, { confirmed: true, revertAfterMs: null }),
      ).rejects.toThrow(new RegExp(`${d.ref.name}.*Nothing was changed`));
      expect(sim.snapshotState()).toEqual(before);
      expect(sim.journal.list().entries).toEqual([]);
    },
  );
});

/** Every (fix, value, lowering data): declared, and the documented floor for every fix that touches such a value. */
const lowering = declared.filter(reversible).flatMap((d) => {
  const floor = DOCUMENTED_LOWERING.filter((l) => same(l.key, d.ref.key) && same(l.name, d.ref.name)).map((l) => l.data);
  return [...new Set([...(d.ref.lowering ?? []), ...floor])].map((data) => [`${named(d)} = ${data}`, d, data] as const);
});

describe('a rollback that puts back data lowering security is a downgrade (audit G7)', () => {
  it('the table holds the three documented downgrades', () => {
    for (const l of DOCUMENTED_LOWERING)
      expect(
        lowering.some(([, d, data]) => d.ref.name === l.name && data === l.data),
        l.name,
      ).toBe(true);
  });

  it.each(lowering)(
    '%s: refused without confirmation and by the scheduled task; nothing changes; confirmed it is restored',
    async (_, d, data) => {
      const sim = await openSim('healthy');
      const safe = d.allowed.find((v) => v !== data && !(d.ref.lowering ?? []).includes(v))!;
      const id = plant(sim, d, dword(data), dword(safe));
      const before = sim.snapshotState();
      await expect(sim.rollback(id, false)).rejects.toThrow(
        new RegExp(`puts back .*${d.ref.name} = ${data}, which lowers security.*Nothing was changed`),
      );
      expect(sim.snapshotState()).toEqual(before);
      // What the host's one-time task runs: the same rollback, with nobody to confirm it.
      const byTask = await runScheduledRevert(sim.host, sim.journal, id, new Date().toISOString());
      expect(byTask).toMatchObject({ state: 'applied', error: expect.stringMatching(/which lowers security/) as unknown });
      expect(sim.snapshotState()).toEqual(before);
      // The technician who confirms gets the ordinary rollback: the refusal was for the downgrade alone.
      const rolled = await sim.rollback(id, true);
      expect(rolled.entry.state).toBe('rolled-back');
      const key = Object.keys(sim.host.state.registry).find((k) => same(k, d.ref.key))!;
      expect(sim.host.state.registry[key]?.[d.ref.name]).toEqual(dword(data));
    },
  );
});

describe('rdp-doctor rollback of an entry that puts back a downgrade (audit G7 side note)', () => {
  it('without --yes exits 2 naming --yes, as `fix` does, and changes nothing; with --yes it rolls back', async () => {
    const state = path.join(tempDir(), 'sl.json');
    const fixed = await runCli([
      'fix',
      'host.security-layer',
      '--fix',
      'set-negotiate',
      '--scenario',
      'security-layer-rdp',
      '--state',
      state,
      '--yes',
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    const hostBefore = (JSON.parse(readFileSync(state, 'utf8')) as { state: Json }).state;
    const refused = await runCli(['rollback', '--last', '--state', state, '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes: .*SecurityLayer = 0, which lowers security.*Nothing was changed/);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'bad-input', field: '--yes' } });
    expect((JSON.parse(readFileSync(state, 'utf8')) as { state: Json }).state).toEqual(hostBefore);
    const done = await runCli(['rollback', '--last', '--state', state, '--yes']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Rolled back/);
  }, 30_000);
});

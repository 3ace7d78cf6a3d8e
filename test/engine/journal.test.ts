// The journal's promises: an entry is never overwritten, a foreign or copied file is never used, and a
// rollback acts only on the host its snapshot came from, on every state an entry can be left in.
import path from 'node:path';
import { copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/model';
import { createContext } from '../../electron/engine/context';
import { applyFix, FixError, rollbackEntry } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import type { Check } from '../../electron/engine/types';
import type { HostAdapter } from '../../electron/hosts/host-adapter';
import { findCheck } from '../../electron/engine/checks';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';
import { tempDir } from '../support/sim';

const entry = (id: string, over: Partial<JournalEntry> = {}): JournalEntry => ({
  id,
  checkId: 'host.rdp-enabled',
  fixId: 'enable-rdp',
  title: 't',
  state: 'applied',
  host: { kind: 'simulated', scenario: 'rdp-disabled', stateFile: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  appliedAt: null,
  rolledBackAt: null,
  reversible: true,
  lowersSecurity: false,
  snapshot: { v: 1 },
  changes: [],
  error: null,
  revertAt: null,
  rolledBackBy: null,
  ...over,
});

describe('journal files', () => {
  it('a new entry whose id is taken gets another id; the existing entry is untouched', () => {
    const j = new Journal(path.join(tempDir(), 'j'));
    const first = j.write(entry('20260101T000000Z-aaaaaaaa', { snapshot: { first: true } }));
    const second = j.create(entry(first.id, { snapshot: { second: true } }));
    expect(second.id).not.toBe(first.id);
    expect(j.read(first.id).entry?.snapshot).toEqual({ first: true });
    expect(j.read(second.id).entry?.snapshot).toEqual({ second: true });
  });

  it('a copied entry file (inner id differs from its name) is reported and not used', () => {
    const dir = path.join(tempDir(), 'j');
    const j = new Journal(dir);
    j.write(entry('20260101T000000Z-aaaaaaaa'));
    copyFileSync(path.join(dir, '20260101T000000Z-aaaaaaaa.json'), path.join(dir, '20260101T000001Z-bbbbbbbb.json'));
    const read = j.read('20260101T000001Z-bbbbbbbb');
    expect(read.entry).toBeNull();
    expect(read.problem).toMatch(/holds entry 20260101T000000Z-aaaaaaaa/);
    const { entries, problems } = j.list();
    expect(entries.map((e) => e.id)).toEqual(['20260101T000000Z-aaaaaaaa']);
    expect(problems).toHaveLength(1);
  });

  it('an unreadable entry (a folder under an entry name) is reported, not silently missing', () => {
    const dir = path.join(tempDir(), 'j');
    const j = new Journal(dir);
    mkdirSync(path.join(dir, '20260101T000000Z-cccccccc.json'));
    expect(j.read('20260101T000000Z-cccccccc').problem).toMatch(/could not be read/);
  });

  it('lists newest first, with the id breaking ties in the same millisecond', () => {
    const j = new Journal(path.join(tempDir(), 'j'));
    j.write(entry('20260101T000000Z-00000001', { createdAt: '2026-01-01T00:00:00.000Z' }));
    j.write(entry('20260101T000000Z-00000003', { createdAt: '2026-01-01T00:00:00.000Z' }));
    j.write(entry('20260101T000000Z-00000002', { createdAt: '2026-01-01T00:00:00.001Z' }));
    expect(j.list().entries.map((e) => e.id.slice(-1))).toEqual(['2', '3', '1']);
  });
});

describe('rollback refuses another host', () => {
  it('an entry from another state file is refused with both hosts named, and nothing changes', async () => {
    const dir = tempDir();
    const a = SimulatedHost.open({ scenario: 'rdp-disabled', stateFile: path.join(dir, 'a.json') });
    const b = SimulatedHost.open({ scenario: 'rdp-disabled', stateFile: path.join(dir, 'b.json') });
    const journal = new Journal(path.join(dir, 'journal'));
    const check = findCheck('host.rdp-enabled')!;
    const ctxA = createContext(a, await a.info(), null, new AbortController().signal);
    const { entry: applied } = await applyFix(
      check,
      'enable-rdp',
      ctxA,
      journal,
      { kind: 'simulated', scenario: 'rdp-disabled', stateFile: a.stateFile },
      { confirmed: true },
    );
    const bBefore = readFileSync(path.join(dir, 'b.json'), 'utf8');
    const ctxB = createContext(b, await b.info(), null, new AbortController().signal);
    const err = await rollbackEntry(applied, check, ctxB, journal).catch((e) => e);
    expect(err).toBeInstanceOf(FixError);
    expect(err.message).toMatch(/a\.json.*b\.json.*Nothing was changed/);
    expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe(bBefore);
    expect(journal.read(applied.id).entry?.state).toBe('applied');
  });

  it('an entry from another scenario, or from a real host, is refused', async () => {
    const host = SimulatedHost.open({ scenario: 'healthy' });
    const ctx = createContext(host, await host.info(), null, new AbortController().signal);
    const journal = new Journal(path.join(tempDir(), 'j'));
    const check = findCheck('host.rdp-enabled')!;
    const before = canonicalJson(host.state);
    for (const h of [
      { kind: 'simulated' as const, scenario: 'rdp-disabled', stateFile: null },
      { kind: 'powershell' as const, scenario: null, stateFile: null },
    ]) {
      const e = journal.write(entry(`20260101T000000Z-0000000${h.kind === 'powershell' ? 1 : 2}`, { host: h, snapshot: { values: [] } }));
      await expect(rollbackEntry(e, check, ctx, journal)).rejects.toThrow(/was made on .* but the open host is simulated host "healthy"/);
    }
    expect(canonicalJson(host.state)).toBe(before);
  });
});

const asItems = (w: { a: number; b: number }) => ({
  items: (['a', 'b'] as const).map((name) => ({ key: 'HKLM\\X', name, value: { type: 'REG_DWORD' as const, data: w[name] } })),
});

/** A host with one value, and a check whose fix changes it in two steps; the second step can fail. */
function twoStepWorld(failSecond: boolean) {
  const world = { a: 0, b: 0 };
  const host: HostAdapter = {
    kind: 'simulated',
    info: async () => ({
      kind: 'simulated',
      scenario: 'x',
      scenarioSummary: null,
      computerName: 'x',
      os: 'x',
      build: '1',
      elevated: true,
      user: 'u',
      inRdpSession: false,
    }),
    run: async () => {
      throw new Error('unused');
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
  (host as { scenario?: string }).scenario = 'x';
  const check: Check<{ a: number; b: number }> = {
    id: 'host.two-step',
    side: 'host',
    layer: 'services',
    rank: 0,
    title: 'two step',
    reads: '',
    passWhen: '',
    source: '',
    scripts: [],
    collect: async () => ({ ...world }),
    judge: (d) =>
      d.a === 1 && d.b === 1 ? { status: 'pass', verdict: 'ok', evidence: [] } : { status: 'fail', verdict: 'not set', evidence: [] },
    fixes: [
      {
        id: 'set',
        title: 'Set both',
        description: '',
        reversible: true,
        lowersSecurity: false,
        needsAdmin: true,
        needsRestart: false,
        dropsSessions: false,
        // The two values as registry values of one declared key: the fixer checks every snapshot against it.
        touches: {
          shape: 'registry-values',
          registry: [
            { key: 'HKLM\\X', name: 'a', type: 'REG_DWORD' },
            { key: 'HKLM\\X', name: 'b', type: 'REG_DWORD' },
          ],
        },
        snapshot: async () => asItems(world),
        plan: () => ({ changes: [], warnings: [] }),
        apply: async () => {
          world.a = 1;
          if (failSecond) throw new Error('second step refused');
          world.b = 1;
        },
        rollback: async (_ctx, snap) => {
          for (const i of (snap as ReturnType<typeof asItems>).items) world[i.name] = i.value.data;
        },
      },
    ],
  };
  return { world, host, check };
}

describe('rollback from every entry state', () => {
  const ref = { kind: 'simulated' as const, scenario: 'x', stateFile: null };

  it('a failed (partly applied) entry rolls back what was changed', async () => {
    const { world, host, check } = twoStepWorld(true);
    const journal = new Journal(path.join(tempDir(), 'j'));
    const ctx = createContext(host, await host.info(), null, new AbortController().signal);
    await expect(applyFix(check, 'set', ctx, journal, ref, { confirmed: false })).rejects.toThrow(/second step refused.*roll it back/);
    expect(world).toEqual({ a: 1, b: 0 });
    const [failed] = journal.list().entries;
    expect(failed).toMatchObject({ state: 'failed', error: 'second step refused' });
    const r = await rollbackEntry(failed!, check, ctx, journal);
    expect(r.entry.state).toBe('rolled-back');
    expect(world).toEqual({ a: 0, b: 0 });
    await expect(rollbackEntry(r.entry, check, ctx, journal)).rejects.toThrow(/already rolled back/);
  });

  it('a pending entry (crash before apply finished) rolls back to the snapshot', async () => {
    const { world, host, check } = twoStepWorld(false);
    const journal = new Journal(path.join(tempDir(), 'j'));
    const ctx = createContext(host, await host.info(), null, new AbortController().signal);
    const pending = journal.create(
      entry('20260101T000000Z-dddddddd', {
        checkId: check.id,
        fixId: 'set',
        state: 'pending',
        host: ref,
        snapshot: asItems({ a: 0, b: 0 }),
      }),
    );
    world.a = 1;
    await rollbackEntry(pending, check, ctx, journal);
    expect(world).toEqual({ a: 0, b: 0 });
    expect(readdirSync(journal.dir)).toEqual(['20260101T000000Z-dddddddd.json']);
  });
});

describe('journal files are read only as regular files (audit F9)', () => {
  it('a symlink named like an entry is not followed, not used and not renamed', () => {
    const journal = new Journal(path.join(tempDir(), 'journal'));
    const outside = path.join(tempDir(), 'elsewhere.json');
    writeFileSync(outside, 'secret');
    const link = path.join(journal.dir, '20261201T000001Z-00000001.json');
    symlinkSync(outside, link);
    const { entry, problem } = journal.read('20261201T000001Z-00000001');
    expect(entry).toBeNull();
    expect(problem).toMatch(/not a regular file/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe('secret');
  });
});

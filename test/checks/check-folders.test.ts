// A check is one folder, electron/engine/checks/<side>/<name>/: check.ts (exports `check`), its .ps1 scripts,
// sim.ts (the simulator's model of those scripts) and samples/. These are the rules that make "add a folder,
// run `npm run gen:checks`" enough, checked on the folders as they are.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIDES } from '../../shared/model';
import { allChecks } from '../../electron/engine/checks';
import { simScripts } from '../../electron/hosts/simulated/models';
import type { SimScriptTable } from '../../electron/hosts/simulated/sim-script';
import { checkFolders } from '../../scripts/gen-checks';

const ENGINE = path.resolve(import.meta.dirname, '../../electron/engine');
const CHECKS = path.join(ENGINE, 'checks');
const folders = checkFolders();
const folderDir = (f: { side: string; name: string }) => path.join(CHECKS, f.side, f.name);
const ps1In = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.ps1'));

/** Every .ps1 a host can run, as a script id (path under electron/engine without .ps1); lib/ is dot-sourced. */
const scriptIds = (readdirSync(ENGINE, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.ps1') && !f.startsWith('lib/'))
  .map((f) => f.slice(0, -'.ps1'.length))
  .sort();

describe('check folders', () => {
  it('every folder under checks/<side>/ is a check folder (holds check.ts)', () => {
    const stray = SIDES.flatMap((side) =>
      readdirSync(path.join(CHECKS, side), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !existsSync(path.join(CHECKS, side, e.name, 'check.ts')))
        .map((e) => `${side}/${e.name}`),
    );
    expect(stray, 'folders without check.ts').toEqual([]);
    expect(folders.length).toBe(allChecks.length);
  });

  it("each check's id is <side>.<folder name>, on the folder's side", () => {
    const ids = folders.map((f) => `${f.side}.${f.name}`).sort();
    expect(allChecks.map((c) => c.id).sort()).toEqual(ids);
  });

  it('no two checks of one side share a rank (the order would then depend on their ids)', () => {
    for (const side of SIDES) {
      const ranks = allChecks.filter((c) => c.side === side).map((c) => c.rank);
      expect(
        ranks.every((r) => Number.isInteger(r) && r > 0),
        `${side} ranks: ${ranks.join(', ')}`,
      ).toBe(true);
      expect(new Set(ranks).size, `${side} ranks: ${ranks.join(', ')}`).toBe(ranks.length);
    }
  });

  it('lists client checks before host checks, each side by rank', () => {
    const keys = allChecks.map((c) => [SIDES.indexOf(c.side), c.rank] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
  });

  it('every script a check names exists as a .ps1 under electron/engine', () => {
    const missing = allChecks.flatMap((c) => c.scripts.filter((s) => !scriptIds.includes(s)).map((s) => `${c.id}: ${s}.ps1`));
    expect(missing).toEqual([]);
  });
});

describe('simulator models', () => {
  // Run by the app on its own PC before any host is opened (the journal folder's DACL), never through a host adapter.
  const LOCAL_ONLY = ['ops/journal-folder'];

  it('every .ps1 has a simulator model, and every model a .ps1', () => {
    const models = Object.keys(simScripts).sort();
    expect(
      scriptIds.filter((s) => !models.includes(s) && !LOCAL_ONLY.includes(s)),
      'scripts without a model',
    ).toEqual([]);
    expect(
      models.filter((s) => !scriptIds.includes(s)),
      'models without a script',
    ).toEqual([]);
  });

  it.each(folders.map((f) => [`${f.side}/${f.name}`, f] as const))(
    "%s: its sim.ts models exactly the folder's own scripts",
    async (_name, f) => {
      const own = ps1In(folderDir(f))
        .map((p) => `checks/${f.side}/${f.name}/${p.slice(0, -'.ps1'.length)}`)
        .sort();
      if (!f.hasModel) {
        expect(own, 'a folder with scripts needs a sim.ts').toEqual([]);
        return;
      }
      const { models } = (await import(path.join(folderDir(f), 'sim.ts'))) as { models: SimScriptTable };
      expect(Object.keys(models).sort()).toEqual(own);
    },
  );
});

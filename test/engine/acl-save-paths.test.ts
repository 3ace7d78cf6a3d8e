// Which folders a MachineKeys ACL snapshot may name, at the edge of "inside": the declared folder and what is
// under it, in any letter case; never a sibling whose name merely starts the same (MachineKeys_old,
// MachineKeysX), a parent, or a path with tricks. A rollback restores ACLs as administrator on whatever
// folder the journal entry names, so a planted entry naming a look-alike sibling must be refused.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/model';
import { findCheck } from '../../electron/engine/checks';
import { checkSnapshot } from '../../electron/engine/touches';
import { openSim, tempDir } from '../support/sim';

const MK = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const FIX = 'take-ownership-repair-machinekeys';

function saveNaming(folder: string, journalDir: string, saveFile = path.join(journalDir, 'acl', 'machinekeys-1.icacls')): Json {
  return {
    saves: [
      {
        path: folder,
        saveFile,
        saveSha256: 'A'.repeat(64),
        ownersFile: path.join(journalDir, 'acl', 'machinekeys-1.owners'),
        ownersSha256: 'B'.repeat(64),
        items: 3,
        unreadableCount: 0,
        unreadable: [],
      },
    ],
  };
}

describe('MachineKeys ACL snapshot: the folder it names', () => {
  const fix = findCheck('host.machinekeys')!.fixes.find((f) => f.id === FIX)!;
  const journalDir = tempDir();
  // [folder named by the snapshot, accepted]
  const rows: Array<[string, boolean]> = [
    [MK, true],
    [MK.toLowerCase(), true],
    [`${MK}\\f686aace6942fb7f7ceb231212eef4a4_5c6f4e2a-rdp`, true],
    [`${MK}_old`, false],
    [`${MK}X`, false],
    [`${MK}.bak\\key`, false],
    ['C:\\ProgramData\\Microsoft\\Crypto\\RSA', false],
    [`${MK}\\..\\S-1-5-18`, false],
    [`${MK}\\`, false],
    [`${MK}/key`, false],
    [`${MK}\\key:stream`, false],
  ];
  for (const [folder, accepted] of rows) {
    it(`${folder}: ${accepted ? 'accepted' : 'refused'}`, () => {
      const verdict = checkSnapshot(fix.touches, saveNaming(folder, journalDir), { journalDir });
      expect(verdict.ok, JSON.stringify(verdict)).toBe(accepted);
    });
  }

  // The icacls save is read back as administrator: only from inside this machine's journal folder.
  const files: Array<[string, (dir: string) => string, boolean]> = [
    ['in the acl folder of the journal', (dir) => path.join(dir, 'acl', 'x.icacls'), true],
    ['in the journal folder itself', (dir) => path.join(dir, 'x.icacls'), true],
    ['beside the journal folder', (dir) => path.join(dir, '..', 'x.icacls'), false],
    ['in a sibling folder whose name starts the same', (dir) => `${dir}-old${path.sep}x.icacls`, false],
    ['climbing out through the acl folder', (dir) => `${dir}${path.sep}acl${path.sep}..${path.sep}..${path.sep}x.icacls`, false],
    ['a relative path', () => path.join('acl', 'x.icacls'), false],
    ['the journal folder itself', (dir) => dir, false],
  ];
  for (const [what, file, accepted] of files) {
    it(`save file ${what}: ${accepted ? 'accepted' : 'refused'}`, () => {
      const verdict = checkSnapshot(fix.touches, saveNaming(MK, journalDir, file(journalDir)), { journalDir });
      expect(verdict.ok, JSON.stringify(verdict)).toBe(accepted);
    });
  }

  it('a journal entry edited to name a look-alike sibling is refused by rollback, with nothing changed', async () => {
    const sim = await openSim('machinekeys-acl');
    const { entry } = await sim.fix('host.machinekeys', FIX);
    const snap = entry.snapshot as { saves: { path: string }[] };
    const edited = { ...entry, snapshot: { saves: snap.saves.map((s) => ({ ...s, path: `${s.path}_old` })) } };
    const before = sim.snapshotState();
    await expect(sim.rollback(sim.journal.write(edited).id)).rejects.toThrow(/reaches outside what this fix may touch/);
    expect(sim.snapshotState()).toBe(before);
  });
});

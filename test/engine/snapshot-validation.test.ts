// A journal entry is a file anyone with access to the folder can edit. Rollback (and apply) must write only
// what the entry's fix declares it may touch: a planted or edited snapshot is refused with nothing changed,
// and what the technician is shown comes from the snapshot, not from text stored beside it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JournalEntry, Json } from '../../shared/model';
import { findCheck } from '../../electron/engine/checks';
import { checkSnapshot } from '../../electron/engine/touches';
import { openSim, type Sim } from '../support/sim';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').toUpperCase();
const TERMSERVICE = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService';

/** Applies a fix, then rewrites its journal file with `edit` as a local attacker would. */
async function appliedThenEdited(sim: Sim, checkId: string, fixId: string, edit: (e: JournalEntry) => JournalEntry): Promise<string> {
  const { entry } = await sim.fix(checkId, fixId);
  const file = path.join(sim.journal.dir, `${entry.id}.json`);
  const onDisk = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
  writeFileSync(file, JSON.stringify(edit(onDisk)));
  return entry.id;
}

async function expectRefusedUnchanged(sim: Sim, id: string, pattern: RegExp) {
  const before = sim.snapshotState();
  const file = path.join(sim.journal.dir, `${id}.json`);
  const entryBefore = readFileSync(file, 'utf8');
  await expect(sim.rollback(id, false)).rejects.toThrow(pattern);
  expect(sim.snapshotState()).toEqual(before);
  expect(readFileSync(file, 'utf8')).toBe(entryBefore);
}

describe('rollback writes only what the fix may touch', () => {
  it("an edited enable-rdp entry that would set TermService's ImagePath is refused; the registry is untouched", async () => {
    const sim = await openSim('rdp-disabled');
    const id = await appliedThenEdited(sim, 'host.rdp-enabled', 'enable-rdp', (e) => ({
      ...e,
      changes: [{ what: 'fDenyTSConnections', before: 1, after: 0 }],
      snapshot: { items: [{ key: TERMSERVICE, name: 'ImagePath', value: { type: 'REG_EXPAND_SZ', data: 'C:\\Users\\Public\\evil.exe' } }] },
    }));
    await expectRefusedUnchanged(sim, id, /ImagePath.*Nothing was changed/);
    // The technician sees what the snapshot would write, not the planted words.
    const shown = sim.journal.read(id).entry!.changes;
    expect(shown.map((c) => c.what)).toEqual([`${TERMSERVICE}\\ImagePath`]);
  });

  it("a fix's recorded outcome is structured values only: free text planted in it makes the entry unreadable, never shown", async () => {
    const sim = await openSim('expired-cert');
    const { entry } = await sim.fix('host.certificate', 'renew-certificate');
    expect(entry.outcome?.newCertificate?.thumbprint).toMatch(/^[0-9A-F]{40}$/i);
    const file = path.join(sim.journal.dir, `${entry.id}.json`);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
    writeFileSync(
      file,
      JSON.stringify({ ...onDisk, outcome: { newCertificate: { thumbprint: 'All good, nothing was deleted', notAfter: '2099-01-01' } } }),
    );
    const { entry: read, problem } = sim.journal.read(entry.id);
    expect(read).toBeNull();
    expect(problem).toMatch(/damaged/);
  });

  it('an extra registry item smuggled beside the real one is refused as a whole (nothing half-restored)', async () => {
    const sim = await openSim('rdp-disabled');
    const id = await appliedThenEdited(sim, 'host.rdp-enabled', 'enable-rdp', (e) => {
      const snap = e.snapshot as { items: Json[] };
      return { ...e, snapshot: { items: [...snap.items, { key: TERMSERVICE, name: 'Start', value: { type: 'REG_DWORD', data: 4 } }] } };
    });
    await expectRefusedUnchanged(sim, id, /TermService\\Start/);
  });

  it('a MachineKeys ACL entry pointed at another folder (icacls /restore elsewhere) is refused', async () => {
    const sim = await openSim('machinekeys-acl');
    const id = await appliedThenEdited(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys', (e) => {
      const snap = e.snapshot as { saves: { path: string }[] };
      const save = snap.saves[0]!;
      return { ...e, snapshot: { saves: [{ ...save, path: 'C:\\Windows\\System32' }] } };
    });
    await expectRefusedUnchanged(sim, id, /ACL of C:\\Windows\\System32/);
  });

  it('a MachineKeys save whose icacls file lies outside the journal folder is refused', async () => {
    const sim = await openSim('machinekeys-acl');
    const id = await appliedThenEdited(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys', (e) => {
      const snap = e.snapshot as { saves: { saveFile: string }[] };
      return { ...e, snapshot: { saves: snap.saves.map((s) => ({ ...s, saveFile: 'C:\\Users\\Public\\planted.icacls' })) } };
    });
    await expectRefusedUnchanged(sim, id, /planted\.icacls.*journal folder/);
  });

  it('a MachineKeys save that climbs out with ".." is refused', async () => {
    const sim = await openSim('machinekeys-acl');
    const id = await appliedThenEdited(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys', (e) => {
      const snap = e.snapshot as { saves: { path: string }[] };
      return { ...e, snapshot: { saves: snap.saves.map((s) => ({ ...s, path: `${s.path}\\..\\..\\..\\..\\..\\Windows` })) } };
    });
    await expectRefusedUnchanged(sim, id, /outside what this fix may touch/);
  });

  it('a history entry that would reg import a file outside the journal folder is refused', async () => {
    const sim = await openSim('stale-credentials');
    const id = await appliedThenEdited(sim, 'client.history', 'clear-stale-history', (e) => ({
      ...e,
      snapshot: { ...(e.snapshot as { [k: string]: Json }), files: ['C:\\Users\\Public\\hklm-run.reg'] },
    }));
    await expectRefusedUnchanged(sim, id, /hklm-run\.reg.*journal folder/);
  });

  it("the history fix's own exports live in the journal folder, and its entry rolls back", async () => {
    const sim = await openSim('stale-credentials');
    const before = sim.snapshotState();
    const { entry } = await sim.fix('client.history', 'clear-stale-history');
    const files = (entry.snapshot as { files: string[] }).files;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.startsWith(path.join(sim.journal.dir, 'exports') + path.sep)).toBe(true);
    await sim.rollback(entry.id);
    expect(sim.snapshotState()).toEqual(before);
  });

  it('a firewall entry naming another rule is refused', async () => {
    const sim = await openSim('firewall-blocked');
    const id = await appliedThenEdited(sim, 'host.firewall', 'enable-rdp-rules', (e) => ({
      ...e,
      snapshot: { rules: [{ name: 'CoreNet-DHCP-In', enabled: false }] },
    }));
    await expectRefusedUnchanged(sim, id, /firewall rule CoreNet-DHCP-In/);
  });

  it('a snapshot of another shape (a field the fix never writes) is refused', async () => {
    const sim = await openSim('service-stopped');
    const id = await appliedThenEdited(sim, 'host.service', 'start-rdp-services', (e) => ({
      ...e,
      snapshot: { ...(e.snapshot as { [k: string]: Json }), binPath: 'C:\\evil.exe' },
    }));
    await expectRefusedUnchanged(sim, id, /not what this fix writes/);
  });

  it('an edited service entry naming another service is refused', async () => {
    const sim = await openSim('service-stopped');
    const id = await appliedThenEdited(sim, 'host.service', 'start-rdp-services', (e) => ({
      ...e,
      snapshot: { services: [{ name: 'WinDefend', status: 'Stopped', startType: 'Disabled' }] },
    }));
    await expectRefusedUnchanged(sim, id, /service WinDefend/);
  });

  it('an edited Remote Desktop Users entry naming Everyone (S-1-1-0) is refused: the group is never opened to all', async () => {
    const sim = await openSim('user-not-allowed');
    const id = await appliedThenEdited(sim, 'host.user-rights', 'add-to-remote-desktop-users', (e) => ({
      ...e,
      snapshot: { accounts: [{ sid: 'S-1-1-0', name: 'Everyone' }] },
    }));
    await expectRefusedUnchanged(sim, id, /membership of S-1-1-0 in group S-1-5-32-555/);
  });

  it("a listener entry that would set TermService's ImagePath is refused; LanAdapter and MaxOutstandingConnections are declared", async () => {
    const sim = await openSim('listener-wrong-adapter');
    const id = await appliedThenEdited(sim, 'host.listener', 'repair-listener', (e) => {
      const snap = e.snapshot as { items: Json[]; restart?: boolean };
      return {
        ...e,
        snapshot: {
          ...snap,
          items: [...snap.items, { key: TERMSERVICE, name: 'ImagePath', value: { type: 'REG_EXPAND_SZ', data: 'C:\\evil.exe' } }],
        },
      };
    });
    await expectRefusedUnchanged(sim, id, /TermService\\ImagePath/);
  });

  it('an unedited entry of each fix (the log-off too: apply checks it) passes its own declaration (the real snapshots fit)', async () => {
    const cases: [string, string, string][] = [
      ['rdp-disabled', 'host.rdp-enabled', 'enable-rdp'],
      ['machinekeys-acl', 'host.machinekeys', 'take-ownership-repair-machinekeys'],
      ['firewall-blocked', 'host.firewall', 'enable-rdp-rules'],
      ['service-stopped', 'host.service', 'start-rdp-services'],
      ['nla-mismatch', 'host.nla', 'disable-nla'],
      ['user-not-allowed', 'host.user-rights', 'add-to-remote-desktop-users'],
      ['listener-wrong-adapter', 'host.listener', 'repair-listener'],
      ['session-limit-reached', 'host.session-limits', 'log-off-disconnected-session'],
    ];
    for (const [scenario, checkId, fixId] of cases) {
      const sim = await openSim(scenario);
      const { entry } = await sim.fix(checkId, fixId);
      const fix = findCheck(checkId)!.fixes.find((f) => f.id === fixId)!;
      expect(checkSnapshot(fix.touches, entry.snapshot, { journalDir: sim.journal.dir })).toEqual({ ok: true, problems: [] });
      expect(entry.changes.length).toBeGreaterThan(0);
    }
  });
});

describe('apply validates the snapshot too', () => {
  it('a fix whose snapshot reaches outside its declaration is refused before the journal or the host changes', async () => {
    const sim = await openSim('rdp-disabled');
    const real = findCheck('host.rdp-enabled')!;
    // The same fix, declared for another value: what it would write is not what it may touch.
    const fix = {
      ...real.fixes[0]!,
      touches: { shape: 'registry-values' as const, registry: [{ key: 'HKLM\\SOFTWARE\\Other', name: 'X', type: 'REG_DWORD' as const }] },
    };
    const check = { ...real, fixes: [fix] };
    const before = sim.snapshotState();
    const { applyFix } = await import('../../electron/engine/fixer');
    const ref = { kind: 'simulated' as const, scenario: 'rdp-disabled', stateFile: null };
    await expect(applyFix(check, fix.id, await sim.ctx(), sim.journal, ref, { confirmed: true })).rejects.toThrow(
      /fDenyTSConnections.*Nothing was changed/,
    );
    expect(sim.snapshotState()).toEqual(before);
    expect(sim.journal.list().entries).toEqual([]);
  });
});

describe('ACL saves are checked item by item', () => {
  // The save and owners files sit in the journal folder; one rewritten there (with the entry's SHA-256 updated to
  // match, as whoever could write the folder could) must still not reach outside the saved folder.
  async function plantedSave(
    sim: Sim,
    edit: (save: { entries: { path: string }[] }, owners: string) => { save: unknown; owners: string },
  ): Promise<string> {
    return appliedThenEdited(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys', (e) => {
      const snap = e.snapshot as { saves: { saveFile: string; saveSha256: string; ownersFile: string; ownersSha256: string }[] };
      const s = snap.saves[0]!;
      const out = edit(JSON.parse(readFileSync(s.saveFile, 'utf8')) as { entries: { path: string }[] }, readFileSync(s.ownersFile, 'utf8'));
      const saveText = JSON.stringify(out.save);
      writeFileSync(s.saveFile, saveText);
      writeFileSync(s.ownersFile, out.owners);
      return { ...e, snapshot: { saves: [{ ...s, saveSha256: sha256(saveText), ownersSha256: sha256(out.owners) }] } };
    });
  }

  it('a save that also names a sibling folder (icacls /restore runs on the parent) is refused; nothing changes', async () => {
    const sim = await openSim('machinekeys-acl');
    const id = await plantedSave(sim, (save, owners) => ({
      save: { ...save, entries: [...save.entries, { ...save.entries[0]!, path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\S-1-5-18' }] },
      owners,
    }));
    await expectRefusedUnchanged(sim, id, /RSA\\S-1-5-18, outside/);
  });

  it('an owners file that climbs out with ".." is refused; nothing changes', async () => {
    const sim = await openSim('machinekeys-acl');
    const id = await plantedSave(sim, (save, owners) => ({
      save,
      owners: `${owners}\nS-1-5-32-545\tC:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\..\\..\\..\\..\\Windows`,
    }));
    await expectRefusedUnchanged(sim, id, /Windows, outside/);
  });
});

describe('values and words come from the declaration, not from the file (audit F2)', () => {
  it('an edited enable-rdp entry restoring REG_SZ "pwned" into fDenyTSConnections is refused; nothing changes', async () => {
    const sim = await openSim('rdp-disabled');
    const id = await appliedThenEdited(sim, 'host.rdp-enabled', 'enable-rdp', (e) => {
      const snap = e.snapshot as { items: { [k: string]: Json }[] };
      return { ...e, snapshot: { items: snap.items.map((i) => ({ ...i, value: { type: 'REG_SZ', data: 'pwned' } })) } };
    });
    await expectRefusedUnchanged(sim, id, /fDenyTSConnections.*REG_DWORD 0 or 1.*Nothing was changed/);
  });

  it('a planted disable-nla entry titled "Require NLA again" is shown and treated as what its fix is', async () => {
    const sim = await openSim('nla-mismatch');
    const id = await appliedThenEdited(sim, 'host.nla', 'disable-nla', (e) => ({
      ...e,
      title: 'Require NLA again',
      lowersSecurity: false,
      reversible: true,
    }));
    const shown = sim.journal.read(id).entry!;
    expect(shown.title).toBe('Turn off Network Level Authentication (temporarily)');
    expect(shown.lowersSecurity).toBe(true);
    expect(sim.journal.list().entries[0]!.title).toBe(shown.title);
  });

  it('an entry of a fix that cannot be undone, marked reversible in the file, is not what --last picks', async () => {
    const sim = await openSim('expired-cert');
    const { entry } = await sim.fix('host.certificate', 'renew-certificate');
    const file = path.join(sim.journal.dir, `${entry.id}.json`);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
    writeFileSync(file, JSON.stringify({ ...onDisk, reversible: true, title: 'Harmless' }));
    expect(sim.journal.read(entry.id).entry!.reversible).toBe(false);
    expect(sim.journal.last()).toBeNull();
  });

  it('a rollback that puts NLA off again (an enable-nla entry whose "before" is 0) needs confirmation; refused, nothing changes', async () => {
    const sim = await openSim('nla-mismatch');
    // A real disable-nla, rolled back (NLA on again); then a planted copy claiming to be the enable-nla fix
    // with NLA off "before": its rollback would turn NLA off.
    const { entry } = await sim.fix('host.nla', 'disable-nla');
    await sim.rollback(entry.id, false);
    const onDisk = JSON.parse(readFileSync(path.join(sim.journal.dir, `${entry.id}.json`), 'utf8')) as JournalEntry;
    const id = '20261201T100000Z-deadbeef';
    const items = (onDisk.snapshot as { items: { [k: string]: Json }[] }).items;
    const planted = {
      ...onDisk,
      id,
      fixId: 'enable-nla',
      state: 'applied',
      rolledBackAt: null,
      rolledBackBy: null,
      revertAt: null,
      snapshot: { items: items.map((i) => ({ ...i, value: { type: 'REG_DWORD', data: 0 }, after: { type: 'REG_DWORD', data: 1 } })) },
    };
    writeFileSync(path.join(sim.journal.dir, `${id}.json`), JSON.stringify(planted));
    await expectRefusedUnchanged(sim, id, /puts back .*UserAuthentication = 0, which lowers security.*Nothing was changed/);
    expect((await sim.check('host.nla')).verdict).not.toMatch(/is off/);
    // Confirmed, it is an ordinary rollback.
    await sim.rollback(id, true);
    expect((await sim.check('host.nla')).verdict).toMatch(/is off/);
  });
});

describe('client.history restores from validated values, never reg import (audit F1)', () => {
  it('the rollback script is never asked to import a .reg file, even one planted in the journal folder', async () => {
    const sim = await openSim('stale-credentials');
    const before = sim.snapshotState();
    const planted = path.join(sim.journal.dir, 'exports', 'planted.reg');
    const id = await appliedThenEdited(sim, 'client.history', 'clear-stale-history', (e) => ({
      ...e,
      snapshot: { ...(e.snapshot as { [k: string]: Json }), files: [planted] },
    }));
    mkdirSync(path.dirname(planted), { recursive: true });
    writeFileSync(
      planted,
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run]\r\n"x"="C:\\\\evil.exe"\r\n',
    );
    const calls: Json[] = [];
    const run = sim.host.run.bind(sim.host);
    sim.host.run = ((script: string, input: Json, ...rest: unknown[]) => {
      calls.push({ script, input });
      return (run as (...a: unknown[]) => unknown)(script, input, ...rest);
    }) as typeof sim.host.run;
    await sim.rollback(id);
    const restore = calls.find((c) => JSON.stringify(c).includes('"restore"')) as { input: { [k: string]: Json } };
    expect(restore.input.files).toBeUndefined();
    expect(JSON.stringify(restore.input)).not.toContain('planted.reg');
    expect(sim.snapshotState()).toEqual(before);
  });

  it('an edited history entry that would restore another value name or type into a server key is refused', async () => {
    const sim = await openSim('stale-credentials');
    const id = await appliedThenEdited(sim, 'client.history', 'clear-stale-history', (e) => {
      const snap = e.snapshot as { servers: { server: string; values: Json[] }[] };
      return {
        ...e,
        snapshot: {
          ...(e.snapshot as { [k: string]: Json }),
          servers: snap.servers.map((s) => ({
            ...s,
            values: [...s.values, { name: 'Debugger', type: 'REG_EXPAND_SZ', data: 'C:\\evil.exe' }],
          })),
        },
      };
    });
    await expectRefusedUnchanged(sim, id, /Debugger \(REG_EXPAND_SZ\).*Nothing was changed/);
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINEKEYS_DIR } from '../../../electron/engine/windows-paths';
import { openSim } from '../../support/sim';
import { expectNeedsAdmin, parsed, roundTripOn } from './helpers';

const RDP_KEY = `${MACHINEKEYS_DIR}\\f686aace6942fb7f7ceb231212eef4a4_5c6f4e2a-rdp`;

describe('host.machinekeys', () => {
  it('passes on a healthy host', async () => {
    expect((await (await openSim('healthy')).check('host.machinekeys')).status).toBe('pass');
  });

  it('fails on machinekeys-acl (an Azure VM, folder owned by a user) and offers the take-ownership repair, with its own confirmation, and the Azure rename', async () => {
    const f = await (await openSim('machinekeys-acl')).check('host.machinekeys');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/Everyone lost the right to create key files/);
    expect(f.fixes.map((x) => x.id)).toEqual(['take-ownership-repair-machinekeys', 'rename-machinekeys']);
    expect(f.fixes[0]!.confirmText).toMatch(/takeown \/a/);
    expect(f.fixes.every((x) => x.reversible && !x.lowersSecurity && x.needsAdmin)).toBe(true);
  });

  it('does not offer the rename off Azure', async () => {
    const sim = await openSim('machinekeys-acl');
    sim.host.state.computer.azure = { isAzure: false, vmId: null, location: null };
    const f = await sim.check('host.machinekeys');
    expect(f.status).toBe('fail');
    expect(f.fixes.map((x) => x.id)).toEqual(['take-ownership-repair-machinekeys']);
  });

  it('the take-ownership repair is refused without its confirmation, and changes nothing', async () => {
    const sim = await openSim('machinekeys-acl');
    const before = sim.snapshotState();
    await expect(sim.fix('host.machinekeys', 'take-ownership-repair-machinekeys', false)).rejects.toThrow();
    expect(sim.snapshotState()).toEqual(before);
  });

  it('repair: saves ACLs and owners to files in the journal folder first, takes ownership, resets to the KB 278381 default; rollback restores both exactly', async () => {
    const sim = await openSim('machinekeys-acl');
    // The owners file is read between apply and rollback, as the fix left it.
    let ownersAfterFix = '';
    const fix = sim.fix.bind(sim);
    sim.fix = async (...args: Parameters<typeof fix>) => {
      const out = await fix(...args);
      ownersAfterFix = readFileSync((out.entry.snapshot as { saves: { ownersFile: string }[] }).saves[0]!.ownersFile, 'utf8');
      return out;
    };
    const r = await roundTripOn(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys');
    const snap = r.applied.entry.snapshot as {
      saves: { path: string; saveFile: string; saveSha256: string; ownersFile: string; items: number }[];
    };
    expect(snap.saves.map((s) => s.path)).toEqual([MACHINEKEYS_DIR]);
    // In the acl folder of the fix's protected journal folder (%ProgramData%\RDP Doctor\journal on Windows).
    const aclDir = path.join(sim.journal.dir, 'acl');
    expect(snap.saves[0]!.saveFile.startsWith(path.join(aclDir, 'machinekeys-'))).toBe(true);
    expect(snap.saves[0]!.saveFile).toMatch(/\.icacls$/);
    expect(snap.saves[0]!.saveSha256).toMatch(/^[0-9A-F]{64}$/);
    // The journal entry holds paths and hashes, not the ACLs themselves (no JSON size limit on restore).
    expect(JSON.stringify(r.applied.entry.snapshot).length).toBeLessThan(2_000);
    const owners = ownersAfterFix;
    expect(owners).toMatch(new RegExp(`^S-1-5-21-[0-9-]+\\t${MACHINEKEYS_DIR.replace(/\\/g, '\\\\')}$`, 'm'));
    expect(r.applied.finding.status).toBe('pass');
    const dir = parsed(r.afterFix).files[MACHINEKEYS_DIR]!;
    expect(dir.owner).toBe('BUILTIN\\Administrators');
    expect(dir.acl.map((a) => `${a.type} ${a.identity}`)).toEqual(['Allow Everyone', 'Allow BUILTIN\\Administrators']);
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
    expect(sim.host.state.files[MACHINEKEYS_DIR]!.owner).toBe('CORP\\j.doe');
    // Kept after the rollback: a rollback killed before the journal recorded it is done again from them
    // (test/engine/killed-rollback.test.ts).
    expect(existsSync(snap.saves[0]!.saveFile)).toBe(true);
  });

  it('rollback refuses a snapshot file changed since it was saved, and changes nothing', async () => {
    const sim = await openSim('machinekeys-acl');
    const { entry } = await sim.fix('host.machinekeys', 'take-ownership-repair-machinekeys', true);
    const save = (entry.snapshot as { saves: { saveFile: string }[] }).saves[0]!.saveFile;
    writeFileSync(save, readFileSync(save, 'utf8').replace('j.doe', 'mallory'));
    expect(readFileSync(save, 'utf8')).toMatch(/mallory/);
    const afterFix = sim.snapshotState();
    await expect(sim.rollback(entry.id)).rejects.toThrow(/changed since it was saved/);
    expect(sim.snapshotState()).toEqual(afterFix);
  });

  it('a folder of 5,000 key files, some unreadable to Administrators: the snapshot names those, the repair leaves them, rollback is exact', async () => {
    const sim = await openSim('machinekeys-acl');
    for (let i = 0; i < 5_000; i++) {
      const unreadable = i % 7 === 0;
      sim.host.state.files[`${MACHINEKEYS_DIR}\\${i.toString(16).padStart(32, '0')}_5c6f4e2a-rdp`] = {
        kind: 'file',
        owner: 'NT AUTHORITY\\SYSTEM',
        acl: unreadable
          ? [{ identity: 'NT AUTHORITY\\SYSTEM', rights: 'FullControl', type: 'Allow', inherited: false }]
          : [
              { identity: 'NT AUTHORITY\\SYSTEM', rights: 'FullControl', type: 'Allow', inherited: false },
              { identity: 'BUILTIN\\Administrators', rights: 'FullControl', type: 'Allow', inherited: false },
            ],
      };
    }
    const t0 = performance.now();
    const r = await roundTripOn(sim, 'host.machinekeys', 'take-ownership-repair-machinekeys');
    const snap = r.applied.entry.snapshot as { saves: { items: number; unreadableCount: number; unreadable: { path: string }[] }[] };
    expect(snap.saves[0]!.items).toBe(5_002);
    expect(snap.saves[0]!.unreadableCount).toBe(715);
    expect(snap.saves[0]!.unreadable).toHaveLength(200);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it('after the repair TermService can create a certificate: renew is unblocked and host.certificate passes', async () => {
    const sim = await openSim('machinekeys-acl');
    await sim.fix('host.machinekeys', 'take-ownership-repair-machinekeys', true);
    const cert = await sim.check('host.certificate');
    expect(cert.status).toBe('fail');
    expect(cert.fixes[0]).toMatchObject({ id: 'renew-certificate' });
    expect(cert.fixes[0]!.disabledReason).toBeUndefined();
    const { finding } = await sim.fix('host.certificate', 'renew-certificate', true);
    expect(finding.status, finding.verdict).toBe('pass');
    expect(Object.keys(sim.host.state.certificates['Remote Desktop']!)).toHaveLength(1);
    expect((await sim.check('host.machinekeys')).status).toBe('pass');
  });

  it('key file: NETWORK SERVICE unable to read the RDP key fails; repair grants it; rollback restores the key ACL', async () => {
    const sim = await openSim('healthy');
    const key = sim.host.state.files[RDP_KEY]!;
    // Another service's account reads the same key: the repair keeps it.
    key.acl = [
      ...key.acl.filter((a) => a.identity !== 'NT AUTHORITY\\NETWORK SERVICE'),
      { identity: 'CORP\\svc.web', rights: 'Read', type: 'Allow', inherited: false },
    ];
    key.acl.unshift({ identity: 'NT AUTHORITY\\NETWORK SERVICE', rights: 'Read', type: 'Deny', inherited: false });
    const r = await roundTripOn(sim, 'host.machinekeys', 'repair-machinekeys-acl');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.verdict).toMatch(/Deny entry stops NETWORK SERVICE reading the key file/);
    // The journal shows what its snapshot saved (and rollback restores): the MachineKeys tree holding the key.
    expect(r.applied.entry.changes.map((c) => c.what)).toEqual([MACHINEKEYS_DIR]);
    expect(r.applied.finding.status).toBe('pass');
    expect(parsed(r.afterFix).files[RDP_KEY]!.acl.map((a) => `${a.type} ${a.identity}: ${a.rights}`)).toEqual([
      'Allow NT AUTHORITY\\SYSTEM: FullControl',
      'Allow BUILTIN\\Administrators: FullControl',
      'Allow CORP\\svc.web: Read',
      'Allow NT AUTHORITY\\NETWORK SERVICE: Read',
    ]);
    expect(r.afterRollback).toEqual(r.before);
  });

  it('a Deny entry for Everyone on the folder fails and is repaired', async () => {
    const sim = await openSim('healthy');
    sim.host.state.files[MACHINEKEYS_DIR]!.acl.unshift({
      identity: 'Everyone',
      rights: 'CreateFiles, AppendData',
      type: 'Deny',
      inherited: false,
    });
    const r = await roundTripOn(sim, 'host.machinekeys', 'repair-machinekeys-acl');
    expect(r.findingBefore.verdict).toMatch(/Deny entry for Everyone/);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('Azure rename: the folder goes aside, Windows recreates it and a new certificate; rollback renames it back', async () => {
    const sim = await openSim('machinekeys-acl');
    const r = await roundTripOn(sim, 'host.machinekeys', 'rename-machinekeys');
    const snap = r.applied.entry.snapshot as { asideName: string; rdpThumbprints: string[] };
    expect(snap.asideName).toMatch(/^MachineKeys\.rdpdoctor-\d{8}T\d{6}Z$/);
    expect(snap.rdpThumbprints).toEqual([]);
    expect(r.applied.finding.status, r.applied.finding.verdict).toBe('pass');
    const aside = `${MACHINEKEYS_DIR}.rdpdoctor-`;
    expect(Object.keys(parsed(r.afterFix).files).some((p) => p.startsWith(aside))).toBe(true);
    expect(parsed(r.afterFix).files[MACHINEKEYS_DIR]!.owner).toBe('BUILTIN\\Administrators');
    expect(Object.keys(parsed(r.afterFix).certificates['Remote Desktop']!)).toHaveLength(1);
    expect(parsed(r.afterFix).services.TermService!.status).toBe('Running');
    expect(r.rolled.entry.state).toBe('rolled-back');
    expect(r.rolled.finding?.status).toBe('fail');
    // Exactly as before: the original folder with its owner and ACL is back, the recreated one and the
    // certificate made in it are gone. Only the simulator's thumbprint counter moved on (a real host has none).
    expect(r.afterRollback).toEqual(r.before);
    expect(Object.keys(sim.host.state.files).some((p) => p.startsWith(aside))).toBe(false);
  });

  it('Azure rename rollback, when another service made a key in the recreated folder meanwhile: that key moves into the restored folder, the rest is as before', async () => {
    const sim = await openSim('machinekeys-acl');
    const before = parsed(sim.snapshotState());
    const { entry } = await sim.fix('host.machinekeys', 'rename-machinekeys');
    const iisKey = { kind: 'file' as const, owner: 'NT AUTHORITY\\SYSTEM', acl: [] };
    sim.host.state.files[`${MACHINEKEYS_DIR}\\1234_iis-key`] = iisKey;
    const rolled = await sim.rollback(entry.id);
    expect(rolled.entry.state).toBe('rolled-back');
    // Before, plus the other service's key, kept, in the restored folder; the certificate made meanwhile is gone.
    const after = parsed(sim.snapshotState());
    expect(after.files[`${MACHINEKEYS_DIR}\\1234_iis-key`]).toEqual(iisKey);
    delete after.files[`${MACHINEKEYS_DIR}\\1234_iis-key`];
    expect(after).toEqual(before);
  });

  it('Azure rename rollback with a name in both folders changes nothing: the new certificate and both folders stay', async () => {
    const sim = await openSim('machinekeys-acl');
    const { entry } = await sim.fix('host.machinekeys', 'rename-machinekeys');
    const snap = entry.snapshot as { asideName: string };
    const aside = `${MACHINEKEYS_DIR}.rdpdoctor-`;
    const asideDir = Object.keys(sim.host.state.files).find((p) => p.startsWith(aside) && !p.slice(aside.length).includes('\\'))!;
    expect(asideDir.endsWith(snap.asideName)).toBe(true);
    sim.host.state.files[`${asideDir}\\same-name`] = { kind: 'file', owner: 'NT AUTHORITY\\SYSTEM', acl: [] };
    sim.host.state.files[`${MACHINEKEYS_DIR}\\same-name`] = { kind: 'file', owner: 'NT AUTHORITY\\SYSTEM', acl: [] };
    const beforeRollback = sim.snapshotState();
    await expect(sim.rollback(entry.id)).rejects.toThrow(/same-name is in both/);
    expect(sim.snapshotState()).toEqual(beforeRollback);
    expect(Object.keys(sim.host.state.certificates['Remote Desktop']!)).toHaveLength(1);
    expect(sim.journal.read(entry.id).entry?.state).toBe('applied');
  });

  it('Azure rename needs explicit confirmation like every risky fix: without it nothing changes', async () => {
    const sim = await openSim('machinekeys-acl');
    const before = sim.snapshotState();
    await expect(sim.fix('host.machinekeys', 'rename-machinekeys', false)).rejects.toThrow(/confirm/);
    expect(sim.snapshotState()).toEqual(before);
    const f = await sim.check('host.machinekeys');
    expect(f.fixes.find((x) => x.id === 'rename-machinekeys')?.confirmText).toMatch(/IIS, SQL Server/);
  });

  it('not elevated: both fixes are disabled with the reason and nothing changes', async () => {
    await expectNeedsAdmin('machinekeys-acl', 'host.machinekeys', 'take-ownership-repair-machinekeys');
    await expectNeedsAdmin('machinekeys-acl', 'host.machinekeys', 'rename-machinekeys');
  });

  it('not elevated: the check still runs and says it could not open the key', async () => {
    const f = await (await openSim('healthy', { elevated: false })).check('host.machinekeys');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'RDP key file')?.value).toMatch(/could not be opened/);
  });
});

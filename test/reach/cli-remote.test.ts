// --remote on the real CLI bundle, in simulation: one diagnosis over both sides, named management-path
// failures, bad flags refused, and fix -> rollback over the link restoring the host's state exactly.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/util/canonical-json';
import { acquireFileLock } from '../../electron/util/file-lock';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const env = (home: string) => ({ RDP_DOCTOR_HOME: home, RDP_DOCTOR_SIM_LATENCY_MS: '1' });

describe('rdp-doctor --remote (simulated)', () => {
  it('--target X --remote X: client probe and host checks in one diagnosis, causes ranked across both', async () => {
    const port = await closedPort();
    const r = await runCli(
      ['diagnose', '--target', `127.0.0.1:${port}`, '--remote', 'pc-042', '--scenario', 'expired-cert', '--simulate', '--json'],
      { env: env(tempDir()) },
    );
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      host: { kind: string; remote: { name: string; via: string } };
      findings: { id: string; status: string }[];
      causes: { checkId: string }[];
    };
    expect(doc.host).toMatchObject({ kind: 'remote', remote: { name: 'pc-042', via: 'simulated-winrm' } });
    const failed = doc.findings.filter((f) => f.status === 'fail').map((f) => f.id);
    expect(failed).toEqual(expect.arrayContaining(['client.tcp', 'host.certificate']));
    const ranked = doc.causes.map((c) => c.checkId);
    expect(ranked).toEqual(expect.arrayContaining(['client.tcp', 'host.certificate']));
  });

  it('an unreachable host is a problem found, with the management path and the fix named', async () => {
    const off = await runCli(['diagnose', '--remote', 'pc-042', '--scenario', 'winrm-off', '--json'], { env: env(tempDir()) });
    expect(off.code).toBe(1);
    expect(JSON.parse(off.stdout).error).toMatchObject({
      code: 'unreachable',
      failure: 'winrm-port-closed',
      fix: expect.stringMatching(/Enable-PSRemoting/),
    });
    const denied = await runCli(['diagnose', '--remote', 'pc-042', '--scenario', 'winrm-access-denied', '--credential', 'CORP\\someone'], {
      env: env(tempDir()),
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Access denied \(Access is denied for CORP\\someone\)/);
  });

  it('bad remote flags are refused naming the flag', async () => {
    const bad = await runCli(['diagnose', '--remote', "pc-042'; Stop-Computer", '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.field).toBe('--remote');
    const lonely = await runCli(['diagnose', '--credential', 'CORP\\x', '--json']);
    expect(JSON.parse(lonely.stdout).error.field).toBe('--credential');
    const vm = await runCli(['diagnose', '--azure-vm', '/subscriptions/nope', '--json']);
    expect(JSON.parse(vm.stdout).error.field).toBe('--azure-vm');
  });

  it('fix and rollback over the link, journaled on this PC under the host identity, restore the state exactly', async () => {
    const home = tempDir();
    const dir = tempDir();
    const state = path.join(dir, 'pc-042.json');
    const args = ['--remote', 'pc-042', '--scenario', 'rdp-disabled', '--state', state];
    await runCli(['journal', ...args], { env: env(home) });
    const before = canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state);
    const fixed = await runCli(['fix', 'host.rdp-enabled', ...args, '--json'], { env: env(home) });
    expect(fixed.code, fixed.stderr).toBe(0);
    const entry = JSON.parse(fixed.stdout).journalEntry as { id: string; host: { kind: string; identity: string } };
    expect(entry.host.kind).toBe('remote');
    expect(entry.host.identity).toMatch(/^pc-042\|S-1-5-21-/);
    expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).not.toBe(before);
    const listed = await runCli(['journal', ...args, '--json'], { env: env(home) });
    expect(JSON.parse(listed.stdout).entries.map((e: { id: string }) => e.id)).toEqual([entry.id]);
    // Another host's journal does not hold it.
    const other = await runCli(
      ['rollback', entry.id, '--remote', 'pc-043', '--scenario', 'rdp-disabled', '--state', path.join(dir, 'pc-043.json'), '--json'],
      { env: env(home) },
    );
    expect(other.code).toBe(2);
    const rolled = await runCli(['rollback', entry.id, ...args, '--json'], { env: env(home) });
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).toBe(before);
  });

  it("the remote host's journal is in this PC's protected journal folder: every folder down to it is the owner's alone", async () => {
    const home = tempDir();
    const state = path.join(tempDir(), 'pc-042.json');
    const fixed = await runCli(
      ['fix', 'host.rdp-enabled', '--remote', 'pc-042', '--scenario', 'rdp-disabled', '--state', state, '--json'],
      { env: env(home) },
    );
    expect(fixed.code, fixed.stderr).toBe(0);
    const remoteDir = path.join(home, 'journal', 'remote');
    const [hostDir] = readdirSync(remoteDir);
    expect(hostDir).toMatch(/^pc-042-[0-9a-f]{16}$/);
    for (const d of [path.join(home, 'journal'), remoteDir, path.join(remoteDir, hostDir!)])
      expect((statSync(d).mode & 0o777).toString(8), d).toBe('700');
  });

  it('a security downgrade over the link is not time-boxed by the host: refused unless kept explicitly, then rolled back exactly', async () => {
    const home = tempDir();
    const state = path.join(tempDir(), 'pc-042.json');
    const args = ['--remote', 'pc-042', '--scenario', 'nla-mismatch', '--state', state];
    await runCli(['journal', ...args], { env: env(home) });
    const before = canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state);
    for (const extra of [[], ['--revert-after', '15m']]) {
      const timed = await runCli(['fix', 'host.nla', '--fix', 'disable-nla', ...args, '--yes', ...extra, '--json'], { env: env(home) });
      expect(timed.code, timed.stderr).toBe(2);
      expect(JSON.parse(timed.stdout).error).toMatchObject({
        field: '--revert-after',
        message: expect.stringMatching(/--revert-after never --yes/),
      });
      expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).toBe(before);
    }
    const kept = await runCli(['fix', 'host.nla', '--fix', 'disable-nla', ...args, '--yes', '--revert-after', 'never', '--json'], {
      env: env(home),
    });
    expect(kept.code, kept.stderr).toBe(0);
    const sim = JSON.parse(readFileSync(state, 'utf8')) as { state: { scheduledTasks: unknown[] } };
    expect(sim.state.scheduledTasks).toEqual([]);
    expect(JSON.parse(kept.stdout).journalEntry).toMatchObject({ revertAt: null, lowersSecurity: true });
    const rolled = await runCli(['rollback', '--last', ...args, '--json'], { env: env(home) });
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).toBe(before);
  });

  it('a fix waits for another rdp-doctor changing the same host, and says so when it times out', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'pc-042.json');
    const lock = await acquireFileLock(state, 1000);
    try {
      const r = await runCli(['fix', 'host.rdp-enabled', '--remote', 'pc-042', '--scenario', 'rdp-disabled', '--state', state, '--json'], {
        env: { ...env(tempDir()), RDP_DOCTOR_LOCK_TIMEOUT_MS: '300' },
      });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error.field).toBe('--state');
    } finally {
      lock.release();
    }
  });

  it('--azure-vm in simulation: the Run Command transport against a simulated VM, MachineKeys repaired and rolled back', async () => {
    const home = tempDir();
    const state = path.join(tempDir(), 'vm.json');
    const id = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7';
    const args = ['--azure-vm', id, '--scenario', 'machinekeys-acl', '--state', state, '--simulate'];
    const diag = await runCli(['diagnose', ...args, '--side', 'host', '--json'], { env: env(home) });
    type Doc = {
      host: { remote: { via: string; vmId: string } };
      findings: { id: string; status: string; fixes: { id: string; disabledReason?: string | null }[] }[];
    };
    const doc = JSON.parse(diag.stdout) as Doc;
    expect(doc.host.remote.via).toBe('azure-run-command');
    const keys = doc.findings.find((f) => f.id === 'host.machinekeys')!;
    expect(keys.status).toBe('fail');
    // The repair the diagnosis offers: in this scenario the folder's owner is not Administrators, so it is the
    // take-ownership variant of the KB 278381 repair (test/checks/host-crypto/machinekeys.test.ts guards which).
    const repair = keys.fixes.find((f) => !f.disabledReason)!.id;
    expect(repair).toMatch(/^(take-ownership-)?repair-machinekeys(-acl)?$/);
    const before = canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state);
    const fixed = await runCli(['fix', 'host.machinekeys', '--fix', repair, ...args, '--yes', '--json'], { env: env(home) });
    expect(fixed.code, fixed.stderr).toBe(0);
    const rolled = await runCli(['rollback', '--last', ...args, '--json'], { env: env(home) });
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).toBe(before);
  });
});

describe('a remote journal written before the identity key had the SMBIOS UUID', () => {
  it('is adopted when the host is next opened: its change is listed and rolls back to the state before it', async () => {
    const { legacyIdentityKey, legacyRemoteJournalDir, identityKey } = await import('../../electron/reach/identity');
    const home = tempDir();
    const state = path.join(home, 'pc-1.json');
    const opts = { env: env(home) };
    expect((await runCli(['diagnose', '--remote', 'pc-1', '--scenario', 'rdp-disabled', '--state', state, '--json'], opts)).code).toBe(1);
    const before = canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state);
    const fixed = await runCli(['fix', 'host.rdp-enabled', '--remote', 'pc-1', '--state', state], opts);
    expect(fixed.code, fixed.stderr).toBe(0);
    // What the earlier build left: the same entries under its key, in the folder named after that key.
    const remoting = JSON.parse(readFileSync(state, 'utf8')).state.remoting as { machineSid: string; uuid: string };
    const id = { name: 'pc-1', computerName: 'PC-1', machineSid: remoting.machineSid, vmId: remoting.uuid };
    const remoteDir = path.join(home, 'journal', 'remote');
    const [current] = readdirSync(remoteDir);
    const legacyDir = legacyRemoteJournalDir(home, id);
    for (const file of readdirSync(path.join(remoteDir, current!)).filter((f) => f.endsWith('.json'))) {
      const p = path.join(remoteDir, current!, file);
      writeFileSync(p, readFileSync(p, 'utf8').replace(identityKey(id), legacyIdentityKey(id)));
    }
    renameSync(path.join(remoteDir, current!), legacyDir);

    const listed = await runCli(['journal', '--remote', 'pc-1', '--state', state, '--json'], opts);
    expect(listed.stdout).toMatch(/host\.rdp-enabled/);
    expect(readdirSync(remoteDir)).toEqual([current]);
    const rb = await runCli(['rollback', '--last', '--remote', 'pc-1', '--state', state], opts);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toMatch(/Rolled back/);
    expect(canonicalJson(JSON.parse(readFileSync(state, 'utf8')).state)).toBe(before);
  });
});

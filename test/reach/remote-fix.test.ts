// Fixes and rollbacks over the simulated WinRM link: the state after rollback equals the state before the fix;
// a session that drops mid-fix is re-established and the state read back; the link is never cut; another
// host's journal entry is refused.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findCheck, allChecks } from '../../electron/engine/checks';
import { evaluate } from '../../electron/engine/evaluate';
import { FixError } from '../../electron/engine/fixer';
import { diagnoseAcross } from '../../electron/reach/diagnose-remote';
import { applyFixOverLink, rollbackOverLink } from '../../electron/reach/remote-fix';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { openRemoteSim } from './support';

const CASES: [string, string][] = [
  ['rdp-disabled', 'host.rdp-enabled'],
  ['firewall-blocked', 'host.firewall'],
  ['machinekeys-acl', 'host.machinekeys'],
  ['service-stopped', 'host.service'],
];

describe('fix and rollback over the simulated remoting link', () => {
  for (const [scenario, checkId] of CASES) {
    it(`${scenario}: ${checkId} fixed remotely, rolled back to the exact prior state`, async () => {
      const r = await openRemoteSim('pc-042', scenario);
      const check = findCheck(checkId)!;
      const before = r.state();
      const { finding: found } = await evaluate(check, r.ctx());
      expect(found.status).not.toBe('pass');
      const fixId = found.fixes.find((f) => !f.disabledReason)!.id;
      const applied = await applyFixOverLink(check, fixId, r.ctx(), r.journal, r.hostRef, { confirmed: true });
      expect(applied.finding.status, applied.finding.verdict).toBe('pass');
      expect(applied.entry.host).toMatchObject({ kind: 'remote', identity: r.host.identityKey });
      expect(r.state()).not.toBe(before);
      const rolled = await rollbackOverLink(applied.entry, check, r.ctx(), r.journal);
      expect(rolled.entry.state).toBe('rolled-back');
      expect(r.state()).toBe(before);
    });
  }

  it('a session dropped during the fix is re-established and the state read back before anything else', async () => {
    const r = await openRemoteSim('pc-042', 'winrm-drop-during-fix');
    const check = findCheck('host.rdp-enabled')!;
    const before = r.state();
    const tripsBefore = r.link.roundTrips;
    const applied = await applyFixOverLink(check, 'enable-rdp', r.ctx(), r.journal, r.hostRef, { confirmed: true });
    expect(applied.interrupted).toMatch(
      /dropped during the fix.*re-established.*Read back from the host: host.rdp-enabled pass.*The change landed/,
    );
    expect(applied.finding.status).toBe('pass');
    const stored = r.journal.read(applied.entry.id).entry!;
    expect(stored.state).toBe('applied');
    expect(stored.error).toMatch(/ops\/registry-write/);
    expect(r.host.interrupted).toBeNull();
    expect(r.link.roundTrips).toBeGreaterThan(tripsBefore);
    const rolled = await rollbackOverLink(stored, check, r.ctx(), r.journal);
    expect(rolled.entry.state).toBe('rolled-back');
    expect(r.state()).toBe(before);
  });

  it('never cuts the branch it sits on: disabling WinRM over WinRM is refused and nothing changes', async () => {
    // winrm-off's host with WinRM turned back on: the link works, and the model would cut it if asked.
    const r = await openRemoteSim('pc-042', 'winrm-off', {
      prepare: (sim) => {
        sim.state.services['WinRM']!.status = 'Running';
        sim.state.firewall.rules['WINRM-HTTP-In-TCP']!.enabled = true;
      },
    });
    const before = r.state();
    const out = z.unknown();
    await expect(r.host.run('ops/firewall-rules-set', { rules: [{ name: 'WINRM-HTTP-In-TCP', enabled: false }] }, out)).rejects.toThrow(
      /refused over PowerShell Remoting.*WINRM-HTTP-In-TCP/,
    );
    await expect(r.host.run('ops/service-control', { name: 'WinRM', action: 'stop' }, out)).rejects.toThrow(
      /refused.*stop the WinRM service/,
    );
    await expect(
      r.host.run(
        'ops/registry-write',
        {
          items: [
            {
              key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Service',
              name: 'AllowAutoConfig',
              value: { type: 'REG_DWORD', data: 0 },
            },
          ],
        },
        out,
      ),
    ).rejects.toThrow(/controls WinRM/);
    expect(r.state()).toBe(before);
    // A TermService restart is fine: WinRM is a separate service.
    await expect(r.host.run('ops/service-control', { name: 'TermService', action: 'restart' }, out)).resolves.toBeTruthy();
  });

  it("rollback refuses another host's entry, even one copied into this host's journal", async () => {
    const a = await openRemoteSim('pc-042', 'rdp-disabled');
    const b = await openRemoteSim('pc-043', 'rdp-disabled', { link: a.link, dataDir: a.dataDir });
    expect(b.journalDir()).not.toBe(a.journalDir());
    const check = findCheck('host.rdp-enabled')!;
    const applied = await applyFixOverLink(check, 'enable-rdp', a.ctx(), a.journal, a.hostRef, { confirmed: true });
    mkdirSync(b.journal.dir, { recursive: true });
    copyFileSync(path.join(a.journal.dir, `${applied.entry.id}.json`), path.join(b.journal.dir, `${applied.entry.id}.json`));
    const planted = b.journal.read(applied.entry.id).entry!;
    const stateB = b.state();
    await expect(rollbackOverLink(planted, check, b.ctx(), b.journal)).rejects.toThrow(FixError);
    await expect(rollbackOverLink(planted, check, b.ctx(), b.journal)).rejects.toThrow(/was made on remote host pc-042/);
    expect(b.state()).toBe(stateB);
  });

  it('host.powershell over the link: the remote session decides, not the execution policy; a constrained session skips the rest in one round trip', async () => {
    const hostChecks = allChecks.filter((c) => c.side === 'host');
    const local = SimulatedHost.open({ scenario: 'healthy' });
    // AllSigned by Group Policy refuses script files, but over remoting the scripts are text in the session.
    const signed = await openRemoteSim('pc-042', 'powershell-allsigned');
    const ok = (await diagnoseAcross(hostChecks, { local, remote: signed.host }, null)).diagnosis.findings.find(
      (f) => f.id === 'host.powershell',
    )!;
    expect(ok.status, ok.verdict).toBe('pass');
    expect(ok.verdict).toMatch(/remote session/);
    // A constrained endpoint (or WDAC) makes the remote session ConstrainedLanguage: nothing else can run there.
    // (Set once the session is open: host info, read on connecting, would fail there too.)
    const r = await openRemoteSim('pc-043', 'multi-fault');
    r.sim.state.powershell.sessionLanguageMode = 'ConstrainedLanguage';
    const before = r.link.roundTrips;
    const { diagnosis } = await diagnoseAcross(hostChecks, { local, remote: r.host }, null);
    const gate = diagnosis.findings.find((f) => f.id === 'host.powershell')!;
    expect(gate.status).toBe('fail');
    expect(gate.verdict).toMatch(/remote session on this host runs in ConstrainedLanguage/);
    const rest = diagnosis.findings.filter((f) => f.id !== 'host.powershell' && hostChecks.find((c) => c.id === f.id)!.scripts.length > 0);
    expect(rest.length).toBeGreaterThan(10);
    for (const f of rest) {
      expect(f.status, f.id).toBe('skipped');
      expect(f.related).toEqual(['host.powershell']);
    }
    // The gate went in the first batch with the other checks' first reads; nothing was sent after it answered.
    expect(r.link.roundTrips - before).toBe(1);
  });

  it('a whole diagnosis over the link batches the host reads: one round trip, not one per script', async () => {
    const r = await openRemoteSim('pc-042', 'multi-fault', { latencyMs: 5 });
    const before = r.link.roundTrips;
    const local = SimulatedHost.open({ scenario: 'healthy' });
    const { diagnosis } = await diagnoseAcross(allChecks, { local, remote: r.host }, null);
    const hostChecks = allChecks.filter((c) => c.side === 'host');
    const scriptsRun = hostChecks.reduce((n, c) => n + c.scripts.length, 0);
    expect(diagnosis.findings.filter((f) => f.side === 'host' && f.status === 'error')).toEqual([]);
    expect(diagnosis.findings.length).toBe(allChecks.length);
    console.log(`diagnosis over the link: ${r.link.roundTrips - before} round trips for ${scriptsRun} host scripts`);
    // One batch: the reads that depend on another read (port -> rules, listener) take their value on the host.
    expect(r.link.roundTrips - before).toBe(1);
    expect(scriptsRun).toBeGreaterThan(10);
    expect(diagnosis.causes.length).toBeGreaterThan(0);
  });
});

// Audit G11: Windows runs a downgrade's one-time revert task at its time, whoever is looking. The simulated
// host runs a due task before the next script it answers, so no view (browser mode, the app, the CLI) shows
// the downgrade after its revert time while the journal says it was reverted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/model';
import { createAppService } from '../../electron/app/service';
import { runRevertTasksOn } from '../../electron/app/scheduled-reverts';
import { findCheck } from '../../electron/engine/checks';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { applyFix } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const nlaOf = (d: { findings: { id: string; status: string; verdict: string }[] }) => d.findings.find((f) => f.id === 'host.nla')!;

describe('the service browser mode uses (audit G11)', () => {
  it('a downgrade made by the CLI with --revert-after 2s: a diagnosis after that time shows it reverted, and the journal agrees', async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, 'w1.json');
    const service = await createAppService({ host: { kind: 'simulated', scenario: 'nla-mismatch', stateFile }, dataDir: dir });
    try {
      const diagnose = async () => {
        const r = await service.invoke('diagnose:run', { target: null, checks: ['host.nla'] });
        if (!r.ok) throw new Error(r.error.message);
        return nlaOf(r.value);
      };
      expect((await diagnose()).status).toBe('fail');
      const fix = await runCli([
        'fix',
        'host.nla',
        '--fix',
        'disable-nla',
        '--yes',
        '--revert-after',
        '2s',
        '--state',
        stateFile,
        '--json',
      ]);
      expect(fix.code, fix.stderr).toBe(0);
      const out = JSON.parse(fix.stdout) as { journalEntry: JournalEntry; finding: { status: string } };
      const applied = out.journalEntry;
      expect(out.finding.status).toBe('pass');
      // Nothing asks this service in between (as in the audit): its first look is after the revert time.
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(applied.revertAt!) - Date.now()) + 300));
      const after = await diagnose();
      expect(after.status, after.verdict).toBe('fail');
      const list = await service.invoke('journal:list', {});
      if (!list.ok) throw new Error(list.error.message);
      expect(list.value.entries.find((e) => e.id === applied.id)).toMatchObject({
        state: 'rolled-back',
        rolledBackBy: 'scheduled-task',
        rolledBackAt: applied.revertAt,
      });
    } finally {
      await service.close();
    }
  }, 30_000);
});

describe('the simulated Task Scheduler runs a due task before any script (audit G11)', () => {
  it('a host left open across the revert time answers the next check from the reverted state', async () => {
    const dir = tempDir();
    let now = Date.parse('2026-11-21T10:00:00Z');
    const host = SimulatedHost.open({ scenario: 'nla-mismatch', stateFile: path.join(dir, 's.json'), now: () => new Date(now) });
    const journal = new Journal(path.join(dir, 's-journal'));
    runRevertTasksOn(host, () => journal);
    const nla = findCheck('host.nla')!;
    const ctx = async () => createContext(host, await host.info(), null, new AbortController().signal);
    const ref = { kind: 'simulated' as const, scenario: 'nla-mismatch', stateFile: host.stateFile };
    const { entry } = await applyFix(nla, 'disable-nla', await ctx(), journal, ref, { confirmed: true, revertAfterMs: 60_000 });
    now += 59_000;
    expect((await evaluate(nla, await ctx())).finding.status).toBe('pass');
    now += 2_000;
    // No reopening, no catch-up call: the same host, one script later.
    expect((await evaluate(nla, await ctx())).finding.status).toBe('fail');
    expect(journal.read(entry.id).entry).toMatchObject({
      state: 'rolled-back',
      rolledBackBy: 'scheduled-task',
      rolledBackAt: entry.revertAt,
    });
    expect(host.state.scheduledTasks).toEqual([]);
  });
});

// Export and "Copy summary" describe the host as it is now: after a fix, after an undo, and never another
// window's run. The report keeps what was found first, what was changed and the result now.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import type { Report } from '../../shared/report';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { tempDir } from '../support/sim';

let service: AppService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

async function open(scenario: string) {
  const dir = tempDir();
  service = await createAppService({ host: { kind: 'simulated', scenario, stateFile: path.join(dir, 'state.json') }, dataDir: dir });
  return service;
}

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Preview, then apply with the plan's single-use id (the service refuses an apply without one). */
async function applyFix(s: AppService, checkId: string, fixId: string) {
  const { planId } = await ok(s.invoke('fix:plan', { checkId, fixId, target: null }));
  return ok(s.invoke('fix:apply', { checkId, fixId, planId, confirmed: true, target: null }));
}

async function jsonReport(s: AppService, runId?: string | null): Promise<Report> {
  const r = await ok(s.invoke('report:export', { format: 'json', redactUser: false, ...(runId !== undefined ? { runId } : {}) }));
  return JSON.parse(Buffer.from(r.dataBase64!, 'base64').toString('utf8')) as Report;
}

describe('the report after a fix', () => {
  it('says fixed, keeps what was found first, and shows the change; the summary agrees', async () => {
    const s = await open('rdp-disabled');
    const d = await ok(s.invoke('diagnose:run', { target: null, sides: ['host'] }));
    expect(d.findings.find((f) => f.id === 'host.rdp-enabled')?.status).toBe('fail');
    await applyFix(s, 'host.rdp-enabled', 'enable-rdp');
    const report = await jsonReport(s, d.runId);
    expect(report.findings.find((f) => f.id === 'host.rdp-enabled')?.status).toBe('pass');
    expect(report.summary.counts.fail).toBe(0);
    expect(report.outcome?.conclusion).toBe('fixed');
    expect(report.outcome?.found.map((p) => p.checkId)).toContain('host.rdp-enabled');
    expect(report.outcome?.found.find((p) => p.checkId === 'host.rdp-enabled')?.nowStatus).toBe('pass');
    expect(report.changes).toHaveLength(1);
    const text = (await ok(s.invoke('report:summary', { redactUser: false, runId: d.runId }))).text;
    expect(text).toMatch(/CONCLUSION: Fixed/);
    expect(text).not.toMatch(/\[FAIL\] host\.rdp-enabled/);
    expect(text).toMatch(/fDenyTSConnections: 1 \(REG_DWORD\) -> 0 \(REG_DWORD\)/);
  });

  it('after an undo, the problem is open again: not fixed', async () => {
    const s = await open('rdp-disabled');
    const d = await ok(s.invoke('diagnose:run', { target: null, sides: ['host'] }));
    const { entry } = await applyFix(s, 'host.rdp-enabled', 'enable-rdp');
    await ok(s.invoke('journal:rollback', { entryId: entry.id }));
    const report = await jsonReport(s, d.runId);
    expect(report.findings.find((f) => f.id === 'host.rdp-enabled')?.status).toBe('fail');
    expect(report.outcome?.conclusion).toBe('not-fixed');
    // The listener failed because Remote Desktop was off; with the undo it fails again, and the report says so.
    expect(report.findings.find((f) => f.id === 'host.listener')?.status).toBe('fail');
  });

  it('a window that has run nothing exports no earlier run', async () => {
    const s = await open('expired-cert');
    await ok(s.invoke('diagnose:run', { target: null, sides: ['host'] }));
    const report = await jsonReport(s, null);
    expect(report.findings).toEqual([]);
    expect(report.header.runId).toBe('no-run');
  });

  it("after the host's scheduled revert of a downgrade, the report no longer shows the downgrade's result", async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, 'state.json');
    let now = Date.parse('2026-11-21T10:00:00Z');
    const host = SimulatedHost.open({ scenario: 'nla-mismatch', stateFile, now: () => new Date(now) });
    service = await createAppService({ host: { kind: 'simulated', scenario: 'nla-mismatch', stateFile }, dataDir: dir, hostAdapter: host });
    const s = service;
    const d = await ok(s.invoke('diagnose:run', { target: null, sides: ['host'] }));
    const nla = () => d.findings.find((f) => f.id === 'host.nla')!;
    const { planId } = await ok(s.invoke('fix:plan', { checkId: 'host.nla', fixId: 'disable-nla', target: null }));
    await ok(
      s.invoke('fix:apply', { checkId: 'host.nla', fixId: 'disable-nla', planId, confirmed: true, target: null, revertAfterMinutes: 5 }),
    );
    expect((await jsonReport(s, d.runId)).findings.find((f) => f.id === 'host.nla')?.verdict).not.toBe(nla().verdict);
    now += 6 * 60_000;
    // The next call finds the task run; the report reads NLA as the host has it again.
    const report = await jsonReport(s, d.runId);
    expect(report.changes[0]?.state).toBe('rolled-back');
    expect(report.findings.find((f) => f.id === 'host.nla')).toMatchObject({ status: nla().status, verdict: nla().verdict });
  });
});

describe('a run of one side after a run of the other', () => {
  it('a client-only run keeps the host problems open: the summary never says healthy or fixed', async () => {
    const s = await open('multi-fault');
    const host = await ok(s.invoke('diagnose:run', { target: null, sides: ['host'] }));
    const failed = host.findings.filter((f) => f.status === 'fail').map((f) => f.id);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const client = await ok(s.invoke('diagnose:run', { target: null, sides: ['client'] }));
    const text = (await ok(s.invoke('report:summary', { redactUser: false, runId: client.runId }))).text;
    expect(text).not.toMatch(/HEALTHY|No problem found|Fixed:/);
    expect(text).toMatch(new RegExp(`CONCLUSION: ${failed.length} problems found`));
    const report = await jsonReport(s, client.runId);
    expect(report.summary.verdict).toBe('problems');
    for (const id of failed) expect(report.findings.find((f) => f.id === id)?.status).toBe('fail');
  });

  it('skipped checks are not counted as passed', async () => {
    const s = await open('healthy');
    const client = await ok(s.invoke('diagnose:run', { target: null, sides: ['client'] }));
    const skipped = client.findings.filter((f) => f.status === 'skipped').length;
    expect(skipped).toBeGreaterThan(0);
    const report = await jsonReport(s, client.runId);
    expect(report.summary.headline).not.toMatch(/^All \d+ checks passed/);
    expect(report.summary.headline).toContain(`${skipped} skipped`);
  });

  it('an unknown check id is bad input naming its place, and runs nothing', async () => {
    const s = await open('multi-fault');
    const r = await s.invoke('diagnose:run', { target: null, checks: ['host.nla', 'host.zzz'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'bad-input', field: 'checks.1' });
  });
});

describe('a single check under a host that cannot run scripts', () => {
  it('a re-check and a partial run meet host.powershell first: skipped with the pointer, no raw PowerShell error', async () => {
    const s = await open('powershell-constrained');
    const one = await ok(s.invoke('check:run', { checkId: 'host.certificate', target: null }));
    expect(one).toMatchObject({ status: 'skipped', related: ['host.powershell'] });
    expect(one.verdict).toMatch(/see host\.powershell/);
    const partial = await ok(s.invoke('diagnose:run', { target: null, checks: ['host.certificate'] }));
    expect(partial.findings.find((f) => f.id === 'host.certificate')).toMatchObject({ status: 'skipped' });
    expect(partial.findings.find((f) => f.id === 'host.powershell')?.status).toBe('fail');
  });
});

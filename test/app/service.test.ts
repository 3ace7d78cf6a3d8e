// The application service behind both transports: contract validation on every channel, progress events,
// fix and rollback, scenario switching, and nothing changed by a rejected call.
import fc from 'fast-check';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../../electron/hosts/simulated/scenarios';
import { canonicalJson } from '../../electron/util/canonical-json';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import type { Progress } from '../../shared/model';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import { tempDir } from '../support/sim';
import { runCli } from '../support/cli';

let service: AppService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

async function open(scenario = 'rdp-disabled') {
  const dir = tempDir();
  const stateFile = path.join(dir, 'state.json');
  service = await createAppService({ host: { kind: 'simulated', scenario, stateFile }, dataDir: dir });
  return { service, stateFile, dir, state: () => JSON.parse(readFileSync(stateFile, 'utf8')).state };
}

describe('app service', () => {
  it('rejects malformed arguments on every channel with a message naming the field, and changes nothing', async () => {
    const { service, state } = await open();
    const before = state();
    const bad: unknown[] = [
      null,
      42,
      'x',
      [],
      { unexpected: 1 },
      { target: 7 },
      { checkId: 'host.x; rm', fixId: "a'b" },
      { entryId: '../../x' },
      { name: 'A B' },
    ];
    for (const channel of CHANNELS) {
      for (const args of bad) {
        const r = await service.invoke(channel, args);
        if (r.ok) {
          // Only channels whose argument is {} accept an empty-ish object; none accepts these.
          throw new Error(`${channel} accepted ${JSON.stringify(args)}`);
        }
        expect(r.error.code).toBe('bad-input');
        expect(r.error.message).toMatch(/^(args|channel)/);
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS), fc.anything(), async (channel, args) => {
        const r = await service.invoke(channel, args);
        if (r.ok) expect(args).toBeTypeOf('object');
      }),
      { numRuns: 300 },
    );
    expect(state()).toEqual(before);
    const unknown = await service.invoke('fs:readFile', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'channel' } });
  });

  it('streams progress and returns a diagnosis with causes', async () => {
    const { service } = await open();
    const events: Progress[] = [];
    const off = service.on('diagnose:progress', (p) => events.push(p));
    const r = await service.invoke('diagnose:run', { target: null, sides: ['host'] });
    off();
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value as { findings: { id: string; status: string }[]; causes: { checkId: string }[] };
    expect(d.findings.find((f) => f.id === 'host.rdp-enabled')?.status).toBe('fail');
    expect(d.causes[0]?.checkId).toBe('host.rdp-enabled');
    expect(events.filter((e) => e.phase === 'finished')).toHaveLength(d.findings.length);
    expect(events.at(-1)).toMatchObject({ done: d.findings.length, total: d.findings.length });
  });

  it('the error Remote Desktop Connection showed is decoded: a typo is bad input naming error, a code marks the causes it explains', async () => {
    const { service } = await open();
    expect(await service.invoke('diagnose:run', { target: null, sides: ['host'], error: '0x904/0x99' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', field: 'error' },
    });
    const r = await service.invoke('diagnose:run', { target: null, sides: ['host'], error: '0x904 0x7' });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value as { causes: { checkId: string; evidence: string[] }[] };
    expect(d.causes.find((c) => c.checkId === 'host.listener')?.evidence).toContain('Can explain the error shown (0x904/0x7)');
  });

  it('a bad target is a bad-input error naming target', async () => {
    const { service } = await open();
    const r = await service.invoke('diagnose:run', { target: 'not a host!' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'target' } });
  });

  it('applies a fix, lists it in the journal, rolls it back to the exact state', async () => {
    const { service, state } = await open();
    const before = state();
    const preview = await service.invoke('fix:plan', { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null });
    expect(preview).toMatchObject({ ok: true, value: { changes: [{ before: '1 (REG_DWORD)', after: '0 (REG_DWORD)' }] } });
    expect(state()).toEqual(before);
    if (!preview.ok) throw new Error(preview.error.message);
    const applied = await service.invoke('fix:apply', {
      checkId: 'host.rdp-enabled',
      fixId: 'enable-rdp',
      planId: preview.value.planId,
      confirmed: true,
      target: null,
    });
    if (!applied.ok) throw new Error(applied.error.message);
    expect(applied.value.finding.status).toBe('pass');
    const list = await service.invoke('journal:list', {});
    expect(list.ok && list.value.entries.map((e) => e.id)).toEqual([applied.value.entry.id]);
    const rolled = await service.invoke('journal:rollback', { entryId: applied.value.entry.id });
    expect(rolled).toMatchObject({ ok: true, value: { entry: { state: 'rolled-back' }, finding: { status: 'fail' } } });
    expect(state()).toEqual(before);
  });

  it('switches scenario and resets the simulated state; an unknown scenario is rejected', async () => {
    const { service } = await open('healthy');
    const bad = await service.invoke('scenarios:select', { name: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'name' } });
    const ok = await service.invoke('scenarios:select', { name: 'rdp-disabled' });
    expect(ok).toMatchObject({ ok: true, value: { scenario: 'rdp-disabled' } });
    const info = await service.invoke('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { simulated: true, host: { scenario: 'rdp-disabled' } } });
    const list = await service.invoke('scenarios:list', {});
    expect(list.ok && list.value.map((s) => s.name)).toContain('healthy');
  });
});

// Two windows, a double-click, a scenario switch in the middle of a fix: the service runs changes to a host
// one at a time, so the journal tells the truth and every applied entry rolls back to the state before it.
const fix = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };

/** fix:apply's arguments with a fresh plan id from fix:plan, as the UI sends them. */
async function planned(s: AppService) {
  const r = await s.invoke('fix:plan', fix);
  if (!r.ok) throw new Error(r.error.message);
  return { ...fix, planId: r.value.planId, confirmed: true };
}

describe('app service under concurrent calls', () => {
  it('a double-clicked fix applies once and journals once; the second click is told it no longer applies', async () => {
    const { service } = await open();
    // Two windows, two plans: the second finds the fix no longer applies.
    const [p1, p2] = [await planned(service), await planned(service)];
    const [a, b] = await Promise.all([service.invoke('fix:apply', p1), service.invoke('fix:apply', p2)]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/does not apply now/) } });
    const list = await service.invoke('journal:list', {});
    expect(list.ok && list.value.entries).toHaveLength(1);
  });

  it('a double-clicked rollback restores once; the second is told it was already rolled back', async () => {
    const { service, state } = await open();
    const before = state();
    const applied = await service.invoke('fix:apply', await planned(service));
    if (!applied.ok) throw new Error(applied.error.message);
    const id = applied.value.entry.id;
    const [a, b] = await Promise.all([
      service.invoke('journal:rollback', { entryId: id }),
      service.invoke('journal:rollback', { entryId: id }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(a.ok ? b : a).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already rolled back/) } });
    expect(state()).toEqual(before);
  });

  it('a scenario switch during a fix waits for it: the new scenario starts clean, the old fix stays in the archived journal', async () => {
    const { service, stateFile, dir } = await open();
    const doc = () => JSON.parse(readFileSync(stateFile, 'utf8'));
    const fixing = service.invoke('fix:apply', await planned(service));
    const switching = service.invoke('scenarios:select', { name: 'healthy' });
    const [fixed, switched] = await Promise.all([fixing, switching]);
    expect(fixed.ok).toBe(true);
    expect(switched).toMatchObject({ ok: true, value: { scenario: 'healthy' } });
    const saved = doc();
    expect(saved.scenario).toBe('healthy');
    const undated = (v: unknown) => canonicalJson(v).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE');
    expect(undated(saved.state)).toBe(undated(loadScenario('healthy')));
    const list = await service.invoke('journal:list', {});
    expect(list.ok && list.value.entries).toEqual([]);
    const archived = readdirSync(dir).filter((n) => n.startsWith('state-journal-archived-'));
    expect(archived).toHaveLength(1);
    expect(readdirSync(path.join(dir, archived[0]!)).filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });

  it('a diagnosis that finished on the old scenario does not become the report of the new one', async () => {
    const { service } = await open();
    const running = service.invoke('diagnose:run', { target: null, sides: ['host'] });
    const switched = await service.invoke('scenarios:select', { name: 'healthy' });
    expect(switched.ok).toBe(true);
    await running;
    const summary = await service.invoke('report:summary', { redactUser: false });
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.value.text).not.toMatch(/simulated: rdp-disabled|Remote Desktop is turned off/);
  });
});

describe('app service scenario switch', () => {
  it('an unknown scenario is rejected before the journal is archived', async () => {
    const { service, dir } = await open();
    const applied = await service.invoke('fix:apply', await planned(service));
    expect(applied.ok).toBe(true);
    const bad = await service.invoke('scenarios:select', { name: 'no-such-scenario' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'name' } });
    expect(readdirSync(dir).filter((n) => n.includes('archived'))).toEqual([]);
    const list = await service.invoke('journal:list', {});
    expect(list.ok && list.value.entries).toHaveLength(1);
  });
});

// Audit F7: the app and browser mode keep the simulated host in memory; a CLI fix on the same --state between
// two of their fixes must survive, and the journal must match the host.
describe('a CLI change to the same state file between two app fixes', () => {
  it('is kept: both fixes and the CLI fix are on the host after, and every applied entry is true', async () => {
    const { service, stateFile } = await open('multi-fault');
    const apply = async (checkId: string, fixId: string) => {
      const plan = await service.invoke('fix:plan', { checkId, fixId, target: null });
      if (!plan.ok) throw new Error(plan.error.message);
      const r = await service.invoke('fix:apply', { checkId, fixId, target: null, planId: plan.value.planId, confirmed: true });
      if (!r.ok) throw new Error(r.error.message);
    };
    await apply('host.certificate', 'renew-certificate');
    const cli = await runCli(['fix', 'host.firewall', '--state', stateFile, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    // A read through the app sees the CLI's change.
    const firewall = await service.invoke('check:run', { checkId: 'host.firewall', target: null });
    expect(firewall).toMatchObject({ ok: true, value: { status: 'pass' } });
    await apply('host.nla', 'disable-nla');
    const after = await runCli(['diagnose', '--state', stateFile, '--json']);
    const findings = (JSON.parse(after.stdout) as { findings: { id: string; status: string }[] }).findings;
    const status = (id: string) => findings.find((f) => f.id === id)?.status;
    expect(status('host.firewall')).toBe('pass');
    expect(status('host.certificate')).toBe('pass');
    const list = await service.invoke('journal:list', {});
    expect(list.ok && list.value.entries.map((e) => `${e.checkId}:${e.state}`).sort()).toEqual([
      'host.certificate:applied',
      'host.firewall:applied',
      'host.nla:applied',
    ]);
  });
});

describe('app rollback that ends the Remote Desktop session the app runs in (audit4 G17)', () => {
  it('asks the native dialog with the words of the cut-off; "no" changes nothing, "yes" rolls back', async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, 'state.json');
    const asked: { kind: string; detail: string }[] = [];
    let answer = false;
    const hooks = {
      confirmFix: (request: { kind: string; detail: string }) => {
        asked.push(request);
        return Promise.resolve(answer);
      },
    };
    service = await createAppService({ host: { kind: 'simulated', scenario: 'service-stopped', stateFile }, dataDir: dir, hooks });
    const preview = await service.invoke('fix:plan', { checkId: 'host.service', fixId: 'start-rdp-services', target: null });
    if (!preview.ok) throw new Error(preview.error.message);
    const args = { checkId: 'host.service', fixId: 'start-rdp-services', planId: preview.value.planId, confirmed: true, target: null };
    const applied = await service.invoke('fix:apply', args);
    if (!applied.ok) throw new Error(applied.error.message);
    await service.close();
    // The technician now runs the app over Remote Desktop (the simulated state file says so, signed again).
    const doc = JSON.parse(readFileSync(stateFile, 'utf8')) as { state: { computer: { sessionName: string } }; sha256: string };
    doc.state.computer.sessionName = 'RDP-Tcp#2';
    doc.sha256 = createHash('sha256').update(canonicalJson(doc.state)).digest('hex');
    writeFileSync(stateFile, JSON.stringify(doc));
    service = await createAppService({ host: { kind: 'simulated', scenario: 'service-stopped', stateFile }, dataDir: dir, hooks });
    const kept = readFileSync(stateFile, 'utf8');
    const refused = await service.invoke('journal:rollback', { entryId: applied.value.entry.id, confirmed: true });
    expect(refused).toMatchObject({ ok: false, error: { field: 'confirmed' } });
    expect(asked).toEqual([
      expect.objectContaining({ kind: 'rollback-disconnect', detail: expect.stringMatching(/stops TermService.*nobody can reconnect/s) }),
    ]);
    expect(readFileSync(stateFile, 'utf8')).toBe(kept);
    answer = true;
    const rolled = await service.invoke('journal:rollback', { entryId: applied.value.entry.id, confirmed: true });
    expect(rolled).toMatchObject({ ok: true, value: { entry: { state: 'rolled-back' } } });
  });
});

// The application service behind both transports: contract validation on every channel, progress events,
// fix and rollback, scenario switching, and nothing changed by a rejected call.
import fc from 'fast-check';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import type { Progress } from '../../shared/model';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import { tempDir } from '../support/sim';

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
    const bad: unknown[] = [null, 42, 'x', [], { unexpected: 1 }, { target: 7 }, { checkId: 'host.x; rm', fixId: "a'b" }, { entryId: '../../x' }, { name: 'A B' }];
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

  it('a bad target is a bad-input error naming target', async () => {
    const { service } = await open();
    const r = await service.invoke('diagnose:run', { target: 'not a host!' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'target' } });
  });

  it('applies a fix, lists it in the journal, rolls it back to the exact state', async () => {
    const { service, state } = await open();
    const before = state();
    const preview = await service.invoke('fix:preview', { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null });
    expect(preview).toMatchObject({ ok: true, value: { changes: [{ before: '1 (REG_DWORD)', after: '0 (REG_DWORD)' }] } });
    expect(state()).toEqual(before);
    const applied = await service.invoke('fix:apply', { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', confirmed: true, target: null });
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

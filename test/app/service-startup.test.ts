// A Windows PC whose PowerShell cannot start: the app still opens, says why, and every check reports the
// cause as an error finding instead of the window never appearing.
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import { HostScriptError, type HostAdapter } from '../../electron/hosts/host-adapter';
import { tempDir } from '../support/sim';

const broken: HostAdapter = {
  kind: 'powershell',
  concurrency: 1,
  info: async () => {
    throw new HostScriptError('ops/host-info', 'powershell.exe was not found');
  },
  run: async (script: string) => {
    throw new HostScriptError(script, 'powershell.exe was not found');
  },
  flush: async () => undefined,
  close: async () => undefined,
};

describe('service start-up without a working PowerShell', () => {
  it('starts, reports the problem: host.powershell errors with the reason, every other host check is skipped pointing at it', async () => {
    const service = await createAppService({ host: { kind: 'powershell' }, dataDir: tempDir(), hostAdapter: broken });
    const info = await service.invoke('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { host: { kind: 'powershell', elevated: false } } });
    const journal = await service.invoke('journal:list', {});
    expect(journal.ok && journal.value.problems.join(' ')).toMatch(/could not read this PC's basics through PowerShell/);
    const run = await service.invoke('diagnose:run', { target: null, sides: ['host'] });
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.findings.length).toBeGreaterThan(5);
    const gate = run.value.findings.find((f) => f.id === 'host.powershell');
    expect(gate?.status).toBe('error');
    expect(gate?.verdict).toMatch(/powershell\.exe was not found/);
    for (const f of run.value.findings.filter((x) => x.id !== 'host.powershell')) {
      expect(f.status, f.id).toBe('skipped');
      expect(f.related).toEqual(['host.powershell']);
    }
    await service.close();
  });
});

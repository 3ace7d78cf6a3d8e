// The PowerShell session's life: a session that fails or hangs while starting is replaced, not kept, so one
// bad start does not fail every later check until the app restarts.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PowerShellHost, type PsShell } from '../../electron/hosts/powershell/powershell-host';

const OK: PsShell = { invoke: async () => ({ raw: '{"ok":true}', hadErrors: false }), dispose: async () => undefined };
const Out = z.object({ ok: z.boolean() });

describe('PowerShellHost session', () => {
  it('a session that failed to start is retried by the next script', async () => {
    let starts = 0;
    const host = new PowerShellHost(
      async () => (++starts === 1 ? Promise.reject(new Error('powershell.exe not found')) : OK),
      '/nowhere',
      true,
    );
    await expect(host.run('ops/host-info', {}, Out)).rejects.toThrow(/not found/);
    await expect(host.run('ops/host-info', {}, Out)).resolves.toEqual({ ok: true });
    expect(starts).toBe(2);
  });

  it('a session that never starts times out like a hung script, and the next script gets a new one', async () => {
    let starts = 0;
    const host = new PowerShellHost(() => (++starts === 1 ? new Promise<PsShell>(() => undefined) : Promise.resolve(OK)), '/nowhere', true);
    const t0 = performance.now();
    await expect(host.run('ops/host-info', {}, Out, { timeoutMs: 100 })).rejects.toThrow(/no answer within 100 ms/);
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(host.run('ops/host-info', {}, Out, { timeoutMs: 100 })).resolves.toEqual({ ok: true });
  });
});

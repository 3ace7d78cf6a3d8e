// The app service over the contract: connect to another (simulated) PC, diagnose both sides, fix and roll
// back over the link with the journal keyed by that host, go back to this PC; and the fleet channel.
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import { tempDir } from '../support/sim';

async function service() {
  const dataDir = tempDir();
  process.env.RDP_DOCTOR_SIM_LATENCY_MS = '1';
  return createAppService({ host: { kind: 'simulated', scenario: 'rdp-disabled', stateFile: null }, dataDir });
}

describe('app service: host:connect and fleet:run', () => {
  it('another PC over (simulated) PowerShell Remoting: diagnose, fix, rollback, back to this PC', async () => {
    const s = await service();
    try {
      const connected = await s.invoke('host:connect', { kind: 'winrm', computer: 'pc-042', user: null, https: false, resourceId: null });
      expect(connected).toMatchObject({ ok: true, value: { kind: 'remote', remote: { name: 'pc-042', via: 'simulated-winrm' } } });
      const diag = await s.invoke('diagnose:run', { target: null });
      if (!diag.ok) throw new Error(diag.error.message);
      expect(diag.value.findings.find((f) => f.id === 'host.rdp-enabled')!.status).toBe('fail');
      const fixed = await s.invoke('fix:apply', { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', confirmed: true, target: null });
      if (!fixed.ok) throw new Error(fixed.error.message);
      expect(fixed.value.entry.host).toMatchObject({ kind: 'remote', identity: expect.stringMatching(/^pc-042\|S-1-5-21-/) });
      const rolled = await s.invoke('journal:rollback', { entryId: fixed.value.entry.id });
      expect(rolled).toMatchObject({ ok: true, value: { entry: { state: 'rolled-back' } } });
      const back = await s.invoke('host:connect', { kind: 'this-pc', computer: null, user: null, https: false, resourceId: null });
      expect(back).toMatchObject({ ok: true, value: { kind: 'simulated' } });
      const journal = await s.invoke('journal:list', {});
      expect(journal.ok && journal.value.entries).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('an unreachable PC is refused with the management path and the fix; the app stays on its host', async () => {
    const s = await service();
    try {
      const denied = await s.invoke('host:connect', { kind: 'winrm', computer: 'pc-042', user: 'CORP\\nobody', https: true, resourceId: null });
      expect(denied).toMatchObject({ ok: false, error: { code: 'conflict', field: 'computer', message: expect.stringMatching(/5986.*Enable-PSRemoting/) } });
      const info = await s.invoke('app:info', {});
      expect(info.ok && info.value.host.kind).toBe('simulated');
      const bad = await s.invoke('host:connect', { kind: 'winrm', computer: "x'; rm", user: null, https: false, resourceId: null });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'args.computer' } });
    } finally {
      await s.close();
    }
  });

  it('fleet:run returns each host with its status and failed checks', async () => {
    const s = await service();
    try {
      const r = await s.invoke('fleet:run', { text: 'pc-1\npc-2 scenario=expired-cert\npc-3 scenario=winrm-off\n' });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.hosts.map((h) => [h.name, h.status, h.failed])).toEqual([
        ['pc-1', 'ok', []],
        ['pc-2', 'problems', ['host.certificate']],
        ['pc-3', 'unreachable', []],
      ]);
    } finally {
      await s.close();
    }
  });
});

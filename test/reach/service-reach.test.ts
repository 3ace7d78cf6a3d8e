// The app service over the contract: connect to another (simulated) PC, diagnose both sides, fix and roll
// back over the link with the journal keyed by that host, go back to this PC; and the fleet channel.
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import { tempDir } from '../support/sim';

async function service(scenario = 'rdp-disabled') {
  const dataDir = tempDir();
  process.env.RDP_DOCTOR_SIM_LATENCY_MS = '1';
  return createAppService({ host: { kind: 'simulated', scenario, stateFile: null }, dataDir });
}

const PC_042 = { kind: 'winrm', computer: 'pc-042', user: null, https: false, resourceId: null } as const;
const THIS_PC = { kind: 'this-pc', computer: null, user: null, https: false, resourceId: null } as const;
const NLA = { checkId: 'host.nla', fixId: 'disable-nla', target: null };

async function preview(s: AppService, args: { checkId: string; fixId: string; target: null }) {
  const r = await s.invoke('fix:plan', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function nlaStatus(s: AppService) {
  const r = await s.invoke('check:run', { checkId: 'host.nla', target: null });
  if (!r.ok) throw new Error(r.error.message);
  return `${r.value.status}: ${r.value.verdict}`;
}

describe('app service: host:connect and fleet:run', () => {
  it('another PC over (simulated) PowerShell Remoting: diagnose, fix, rollback, back to this PC', async () => {
    const s = await service();
    try {
      const connected = await s.invoke('host:connect', PC_042);
      expect(connected).toMatchObject({ ok: true, value: { kind: 'remote', remote: { name: 'pc-042', via: 'simulated-winrm' } } });
      const diag = await s.invoke('diagnose:run', { target: null });
      if (!diag.ok) throw new Error(diag.error.message);
      expect(diag.value.findings.find((f) => f.id === 'host.rdp-enabled')!.status).toBe('fail');
      const args = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };
      const { planId } = await preview(s, args);
      const fixed = await s.invoke('fix:apply', { ...args, planId, confirmed: true });
      if (!fixed.ok) throw new Error(fixed.error.message);
      expect(fixed.value.entry.host).toMatchObject({ kind: 'remote', identity: expect.stringMatching(/^pc-042\|S-1-5-21-/) });
      const rolled = await s.invoke('journal:rollback', { entryId: fixed.value.entry.id });
      expect(rolled).toMatchObject({ ok: true, value: { entry: { state: 'rolled-back' } } });
      const back = await s.invoke('host:connect', THIS_PC);
      expect(back).toMatchObject({ ok: true, value: { kind: 'simulated' } });
      const journal = await s.invoke('journal:list', {});
      expect(journal.ok && journal.value.entries).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a plan previewed on this PC does not apply on the host connected since', async () => {
    const s = await service();
    try {
      const args = { checkId: 'host.rdp-enabled', fixId: 'enable-rdp', target: null };
      const { planId } = await preview(s, args);
      expect(await s.invoke('host:connect', PC_042)).toMatchObject({ ok: true });
      const r = await s.invoke('fix:apply', { ...args, planId, confirmed: true });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'conflict', field: 'planId', message: expect.stringMatching(/remote host pc-042/) },
      });
      const journal = await s.invoke('journal:list', {});
      expect(journal.ok && journal.value.entries).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a security downgrade over the link: no host-enforced time box, kept only by explicit choice, rolled back over the link', async () => {
    const s = await service('nla-mismatch');
    try {
      expect(await s.invoke('host:connect', PC_042)).toMatchObject({ ok: true });
      const before = await nlaStatus(s);
      const p1 = await preview(s, NLA);
      expect(p1).toMatchObject({ needsConfirmation: true, revertAfterDefaultMinutes: null });
      const timed = await s.invoke('fix:apply', { ...NLA, planId: p1.planId, confirmed: true, revertAfterMinutes: 15 });
      expect(timed).toMatchObject({
        ok: false,
        error: { code: 'bad-input', field: 'revertAfterMinutes', message: expect.stringMatching(/cannot revert it on its own/) },
      });
      expect(await nlaStatus(s)).toBe(before);
      const p2 = await preview(s, NLA);
      const unconfirmed = await s.invoke('fix:apply', { ...NLA, planId: p2.planId, confirmed: false });
      expect(unconfirmed).toMatchObject({ ok: false, error: { field: 'confirmed' } });
      expect(await nlaStatus(s)).toBe(before);
      const p3 = await preview(s, NLA);
      // Keeping a downgrade with no revert is its own decision: the fix's confirmation alone does not make it.
      const notKept = await s.invoke('fix:apply', { ...NLA, planId: p3.planId, confirmed: true });
      expect(notKept).toMatchObject({ ok: false, error: { field: 'confirmed' } });
      expect(await nlaStatus(s)).toBe(before);
      const p4 = await preview(s, NLA);
      const kept = await s.invoke('fix:apply', { ...NLA, planId: p4.planId, confirmed: true, confirmedNoRevert: true });
      if (!kept.ok) throw new Error(kept.error.message);
      expect(kept.value.entry).toMatchObject({ state: 'applied', revertAt: null, host: { kind: 'remote' } });
      expect(await nlaStatus(s)).not.toBe(before);
      const rolled = await s.invoke('journal:rollback', { entryId: kept.value.entry.id });
      expect(rolled).toMatchObject({ ok: true, value: { entry: { state: 'rolled-back' } } });
      expect(await nlaStatus(s)).toBe(before);
    } finally {
      await s.close();
    }
  });

  it('an unreachable PC is refused with the management path and the fix; the app stays on its host', async () => {
    const s = await service();
    try {
      const denied = await s.invoke('host:connect', {
        kind: 'winrm',
        computer: 'pc-042',
        user: 'CORP\\nobody',
        https: true,
        resourceId: null,
      });
      expect(denied).toMatchObject({
        ok: false,
        error: { code: 'conflict', field: 'computer', message: expect.stringMatching(/5986.*Enable-PSRemoting/) },
      });
      const info = await s.invoke('app:info', {});
      expect(info.ok && info.value.host.kind).toBe('simulated');
      const bad = await s.invoke('host:connect', { kind: 'winrm', computer: "x'; rm", user: null, https: false, resourceId: null });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'args.computer' } });
    } finally {
      await s.close();
    }
  });

  it('fleet:run returns each host with its status and failed checks, the client probe of each included', async () => {
    const s = await service();
    try {
      const r = await s.invoke('fleet:run', { text: 'pc-1\npc-2 scenario=expired-cert\npc-3 scenario=winrm-off\n' });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.hosts.map((h) => [h.name, h.status, h.failed])).toEqual([
        ['pc-1', 'ok', []],
        // The probe reaches pc-2's simulated listener on loopback and sees the same expired certificate.
        ['pc-2', 'problems', ['client.tls-certificate', 'host.certificate']],
        ['pc-3', 'unreachable', []],
      ]);
    } finally {
      await s.close();
    }
  });
});

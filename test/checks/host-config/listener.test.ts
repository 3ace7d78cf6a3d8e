import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';
import { dword, expectNeedsAdmin, RDP_TCP, roundTripOn, TS } from './helpers';

describe('host.listener', () => {
  it('passes on a healthy host: TermService owns port 3389', async () => {
    const f = await (await openSim('healthy')).check('host.listener');
    expect(f.status).toBe('pass');
    expect(f.evidence.find((e) => e.label === 'Listening on the port')?.value).toMatch(/svchost \(PID 1184\)/);
  });

  it('fails when RDP is off and points at host.rdp-enabled instead of offering a restart', async () => {
    const f = await (await openSim('rdp-disabled')).check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.related).toEqual(['host.rdp-enabled']);
    expect(f.fixes).toEqual([]);
  });

  it('fails when Group Policy turns RDP off', async () => {
    const f = await (await openSim('rdp-disabled-by-policy')).check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.related).toEqual(['host.rdp-enabled']);
  });

  it('fails after "change logon /disable" (WinStationsDisabled = 1) and names the command instead of editing the value', async () => {
    const sim = await openSim('healthy');
    const winlogon = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
    expect(sim.host.state.registry[winlogon]!.WinStationsDisabled).toEqual({ type: 'REG_SZ', data: '0' });
    sim.host.state.registry[winlogon]!.WinStationsDisabled = { type: 'REG_SZ', data: '1' };
    const f = await sim.check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/change logon \/enable/);
    expect(f.fixes).toEqual([]);
  });

  it('does not attribute fLogonDisabled to "change logon"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.fLogonDisabled = dword(1);
    const f = await sim.check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/fLogonDisabled/);
    expect(f.verdict).not.toMatch(/change logon/);
    expect(f.fixes.map((x) => x.id)).toEqual(['repair-listener']);
  });

  it('fails when TermService is stopped and points at host.service', async () => {
    const f = await (await openSim('service-stopped')).check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.related).toEqual(['host.service']);
    expect(f.fixes).toEqual([]);
  });

  it('names another program that holds the port and offers no restart', async () => {
    const sim = await openSim('healthy');
    sim.host.state.otherListeners['3389'] = { process: 'nginx.exe', pid: 4242 };
    const f = await sim.check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/nginx \(PID 4242\)/);
    expect(f.fixes).toEqual([]);
  });

  it('repairs a disabled WinStation with a warned TermService restart; rollback restores the value exactly', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.fEnableWinStation = dword(0);
    const f = await sim.check('host.listener');
    expect(f.status).toBe('fail');
    expect(f.fixes.map((x) => x.id)).toEqual(['repair-listener']);
    expect(f.fixes[0]!.dropsSessions).toBe(true);
    const r = await roundTripOn(sim, 'host.listener', 'repair-listener');
    expect(r.applied.entry.changes.map((c) => c.what)).toEqual([`${RDP_TCP}\\fEnableWinStation`, 'Service TermService']);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('warns about dropping its own session when the app runs inside RDP', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.fEnableWinStation = dword(0);
    sim.host.state.computer.sessionName = 'RDP-Tcp#3';
    const { previewFix } = await import('../../../electron/engine/fixer');
    const { findCheck } = await import('../../../electron/engine/checks');
    const { plan } = await previewFix(findCheck('host.listener')!, 'repair-listener', await sim.ctx());
    expect(plan.warnings[0]).toMatch(/this session will be disconnected/);
  });

  it('re-enables logons and ends drain mode without a restart; rollback restores both', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP]!.fLogonDisabled = dword(1);
    sim.host.state.registry[TS]!.TSServerDrainMode = dword(2);
    const r = await roundTripOn(sim, 'host.listener', 'repair-listener');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.findingBefore.verdict).toMatch(/logons are disabled.*draining/);
    expect(r.applied.entry.changes.map((c) => c.what)).not.toContain('Service TermService');
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('disables the fix with the reason when not elevated', async () => {
    const sim = await openSim('healthy', { elevated: false });
    sim.host.state.registry[RDP_TCP]!.fEnableWinStation = dword(0);
    await expectNeedsAdmin(sim, 'host.listener', 'repair-listener');
  });
});

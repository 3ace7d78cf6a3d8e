// Issue 11 §5: a TermService stuck in STOP_PENDING is reported with what to do (and nothing is started on top of
// it); renewing the self-signed certificate deletes its key file too (no orphan in MachineKeys).
import { describe, expect, it } from 'vitest';
import { MACHINEKEYS_DIR } from '../../electron/engine/windows-paths';
import { openSim } from '../support/sim';

describe('ops/service-control and STOP_PENDING', () => {
  it('a restart of a TermService that hangs on stop fails with the process id and what to do, and starts nothing', async () => {
    const sim = await openSim('expired-cert');
    sim.host.state.services.TermService!.hangsOnStop = true;
    sim.host.state.services.TermService!.processId = 1234;
    const attempt = sim.fix('host.certificate', 'renew-certificate', true);
    await expect(attempt).rejects.toThrow(/stuck in STOP_PENDING/);
    await expect(attempt).rejects.toThrow(/taskkill \/F \/PID 1234/);
    await expect(attempt).rejects.toThrow(/console session/);
    expect(sim.host.state.services.TermService!.status).toBe('StopPending');
    expect(sim.host.state.services.UmRdpService?.status ?? 'Stopped').not.toBe('Running');
  });

  it('the failed fix\'s journal entry shows its restart as attempted, never as "restarted" (audit4 G21)', async () => {
    const sim = await openSim('listener-wrong-adapter');
    sim.host.state.services.TermService!.hangsOnStop = true;
    await expect(sim.fix('host.listener', 'repair-listener', true)).rejects.toThrow(/STOP_PENDING/);
    const [entry] = sim.journal.list().entries;
    expect(entry!.state).toBe('failed');
    const restart = entry!.changes.find((c) => c.what === 'Service TermService');
    expect(restart?.after).toMatch(/^attempted: restarted; the fix failed/);
    expect(entry!.changes.every((c) => typeof c.after === 'string' && c.after.startsWith('attempted: '))).toBe(true);
  });
});

describe('renew-certificate removes the old key file with the certificate', () => {
  it("the expired certificate's key file is gone from MachineKeys afterwards; the new one has its own", async () => {
    const sim = await openSim('expired-cert');
    const old = Object.values(sim.host.state.certificates['Remote Desktop']!)[0]!;
    const oldKey = `${MACHINEKEYS_DIR}\\${old.keyFile}`.toLowerCase();
    expect(Object.keys(sim.host.state.files).map((p) => p.toLowerCase())).toContain(oldKey);
    const { finding } = await sim.fix('host.certificate', 'renew-certificate', true);
    expect(finding.status).toBe('pass');
    expect(Object.keys(sim.host.state.files).map((p) => p.toLowerCase())).not.toContain(oldKey);
    const fresh = Object.values(sim.host.state.certificates['Remote Desktop']!)[0]!;
    expect(Object.keys(sim.host.state.files).map((p) => p.toLowerCase())).toContain(`${MACHINEKEYS_DIR}\\${fresh.keyFile}`.toLowerCase());
  });
});

describe('host.firewall reads remote-address, program and service filters', () => {
  it('a Remote Desktop rule limited to LocalSubnet does not count as allowing every client', async () => {
    const sim = await openSim('healthy');
    sim.host.state.firewall.rules['RemoteDesktop-UserMode-In-TCP']!.remoteAddress = 'LocalSubnet';
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/allowed only from LocalSubnet: a client on another subnet \(or over VPN\) is dropped/);
  });

  it('a rule bound to another program does not let RDP in', async () => {
    const sim = await openSim('healthy');
    const rule = sim.host.state.firewall.rules['RemoteDesktop-UserMode-In-TCP']!;
    rule.program = 'C:\\Tools\\other.exe';
    rule.service = 'Any';
    const f = await sim.check('host.firewall');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/limited to program "C:\\Tools\\other\.exe"/);
  });

  it('the built-in rule (svchost.exe, termservice, Any address) passes', async () => {
    const sim = await openSim('healthy');
    const rule = sim.host.state.firewall.rules['RemoteDesktop-UserMode-In-TCP']!;
    Object.assign(rule, { remoteAddress: 'Any', program: '%SystemRoot%\\system32\\svchost.exe', service: 'termservice' });
    expect((await sim.check('host.firewall')).status).toBe('pass');
  });
});

describe('host.service with a service stuck in STOP_PENDING', () => {
  it('fails with what to do, and offers no start (the SCM would refuse it)', async () => {
    const sim = await openSim('healthy');
    sim.host.state.services.TermService!.status = 'StopPending';
    sim.host.state.services.TermService!.processId = 1184;
    const f = await sim.check('host.service');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/TermService is stuck in STOP_PENDING/);
    expect(f.verdict).toMatch(/taskkill \/F \/PID 1184/);
    expect(f.fixes).toEqual([]);
  });
});

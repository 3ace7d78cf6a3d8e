import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';

describe('host.azure', () => {
  it('healthy: not an Azure VM, informational pass, no metadata query off Hyper-V', async () => {
    const f = await (await openSim('healthy')).check('host.azure');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/not an Azure VM/);
    expect(f.evidence.find((e) => e.label === 'instance metadata')?.value).toMatch(/not queried/);
  });

  it('machinekeys-acl: an Azure VM (asset tag, metadata), still a pass, with the Run Command guidance', async () => {
    const f = await (await openSim('machinekeys-acl')).check('host.azure');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/Azure VM in westeurope/);
    expect(f.verdict).toMatch(/Run command/);
    expect(f.evidence.find((e) => e.label === 'SMBIOS asset tag')?.value).toBe('7783-7084-3265-9085-8269-3286-77');
  });
});

describe('host.os', () => {
  it('healthy: edition and build, no restart pending', async () => {
    const f = await (await openSim('healthy')).check('host.os');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/Windows 11 Pro \(build 22631\)/);
  });

  it('warns when a restart is pending, naming why', async () => {
    const sim = await openSim('healthy');
    sim.host.state.computer.pendingReboot = true;
    sim.host.state.registry['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager'] = {
      PendingFileRenameOperations: { type: 'REG_MULTI_SZ', data: ['\\??\\C:\\Windows\\temp\\x.dll', ''] },
    };
    const f = await sim.check('host.os');
    expect(f.status).toBe('warn');
    expect(f.evidence.find((e) => e.label === 'pending restart')?.value).toBe(
      'Windows Update: RebootRequired; Session Manager: PendingFileRenameOperations',
    );
    expect(f.fixes).toEqual([]);
  });

  it('a Home edition fails here (it has no Remote Desktop host) and host.rdp-enabled does not offer a fix that cannot help', async () => {
    // It used to pass ("a Home edition cannot accept Remote Desktop connections") while enable-rdp was offered.
    const sim = await openSim('rdp-disabled');
    sim.host.state.computer.caption = 'Microsoft Windows 11 Home';
    const os = await sim.check('host.os');
    expect(os.status).toBe('fail');
    expect(os.verdict).toMatch(/cannot accept Remote Desktop connections/);
    const rdp = await sim.check('host.rdp-enabled');
    expect(rdp.status).toBe('fail');
    expect(rdp.fixes.map((f) => [f.id, f.disabledReason])).toEqual([['enable-rdp', expect.stringMatching(/Windows Home/)]]);
  });
});

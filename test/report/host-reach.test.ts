// The words for which host and how it was reached, shared by the header, the host card, History and the report.
import { describe, expect, it } from 'vitest';
import { entryHostLine, hostHeadline, reachLine } from '../../shared/host-reach';
import type { HostInfo } from '../../shared/model';

const base: HostInfo = {
  kind: 'remote',
  scenario: null,
  scenarioSummary: null,
  computerName: 'WS-ACCT-042',
  os: 'Windows 11',
  build: '22631',
  elevated: true,
  user: 'CORP\\tech',
  inRdpSession: false,
};
const SID = 'S-1-5-21-1-2-3';
const VM = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7';

describe('host reach words', () => {
  it('a remote host: the name used, the SID that proves it, and the path', () => {
    const h = { ...base, remote: { via: 'winrm-https' as const, name: 'pc-042', machineSid: SID, vmId: null } };
    expect(reachLine(h)).toBe(`pc-042 (machine SID ${SID}), reached over PowerShell Remoting (WinRM, HTTPS 5986)`);
    expect(hostHeadline(h)).toBe('pc-042 (WS-ACCT-042)');
  });
  it('an Azure VM by its name, with its VM id', () => {
    const h = { ...base, remote: { via: 'azure-run-command' as const, name: VM, machineSid: null, vmId: 'abcd' } };
    expect(reachLine(h)).toBe('vm-7 (VM id abcd), reached over Azure Run Command');
  });
  it('this PC says so, with the scenario when simulated', () => {
    expect(reachLine({ ...base, kind: 'powershell' })).toBe('WS-ACCT-042: this PC (local PowerShell)');
    expect(reachLine({ ...base, kind: 'simulated', scenario: 'expired-cert' })).toBe(
      'WS-ACCT-042: this PC, simulated (scenario expired-cert)',
    );
  });
  it('a journal entry: from its identity key and the recorded path', () => {
    const host = { kind: 'remote' as const, scenario: null, stateFile: null, identity: `pc-042|${SID}`, via: 'winrm-http' as const };
    expect(entryHostLine(host)).toBe(`pc-042 (machine SID ${SID}) over PowerShell Remoting (WinRM, HTTP 5985)`);
    expect(entryHostLine({ ...host, identity: `${VM.toLowerCase()}|vm:abcd`, via: undefined })).toBe('vm-7 (VM id abcd)');
  });
});

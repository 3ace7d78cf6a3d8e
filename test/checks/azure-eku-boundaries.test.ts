// Boundary tables of host.azure (which signals make a VM an Azure VM, and what that turns on: the MachineKeys
// rename fix) and of the custom certificate's Enhanced Key Usage in host.certificate.
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';
import { findCheck } from '../../electron/engine/checks';
import { AZURE_ASSET_TAG, type AzureData } from '../../electron/engine/checks/host/azure/check';

const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';

function azureData(p: { tag?: string | null; registryKey?: boolean; imds?: boolean; queried?: boolean }): AzureData {
  const imds = p.imds ?? false;
  return {
    // Hyper-V reports the same manufacturer and model on premises as on Azure: never the deciding signal.
    manufacturer: 'Microsoft Corporation',
    model: 'Virtual Machine',
    assetTag: p.tag ?? null,
    registryKey: p.registryKey ?? false,
    guestAgent: p.registryKey ?? false,
    imds: {
      queried: p.queried ?? true,
      reachable: imds,
      vmId: imds ? '02aab8a4-74ef-476e-8182-f6d2ba4166a6' : null,
      location: imds ? 'westeurope' : null,
      vmSize: imds ? 'Standard_D2s_v5' : null,
    },
    unreadable: [],
  };
}

describe('host.azure: the Azure asset tag, the guest agent key or the metadata service make an Azure VM', () => {
  // [what, data, Azure?]
  const rows: Array<[string, AzureData, boolean]> = [
    ['all three signals', azureData({ tag: AZURE_ASSET_TAG, registryKey: true, imds: true }), true],
    ['only the asset tag (metadata blocked, no agent)', azureData({ tag: AZURE_ASSET_TAG }), true],
    ['only the guest agent key (SMBIOS unreadable, metadata blocked)', azureData({ registryKey: true }), true],
    ['only the metadata service answers', azureData({ imds: true }), true],
    ['on-premises Hyper-V guest: another asset tag, metadata silent', azureData({ tag: '0000-0000-0000-0000-0000-0000-00' }), false],
    ['on-premises Hyper-V guest: no asset tag', azureData({}), false],
    ['the Azure tag with one digit changed', azureData({ tag: '7783-7084-3265-9085-8269-3286-78' }), false],
    ['a physical PC: metadata not queried', { ...azureData({ queried: false }), manufacturer: 'Dell Inc.', model: 'OptiPlex 7090' }, false],
  ];

  for (const [what, data, azure] of rows) {
    it(`${what}: ${azure ? 'an Azure VM' : 'not an Azure VM'}`, async () => {
      const j = await Promise.resolve(findCheck('host.azure')!.judge(data, {} as never));
      expect(j.status).toBe('pass');
      expect(j.verdict).toMatch(azure ? /^This is an Azure VM/ : /^This is not an Azure VM/);
      if (azure) expect(j.verdict).toMatch(/Run command/);
      if (data.imds.reachable) expect(j.verdict).toContain('westeurope');

      // What it turns on: broken MachineKeys permissions offer the Azure rename only on Azure.
      const sim = await openSim('machinekeys-acl');
      const mk = findCheck('host.machinekeys')!;
      const collected = (await mk.collect(await sim.ctx())) as { azure: AzureData | null };
      const judged = await Promise.resolve(mk.judge({ ...collected, azure: data }, await sim.ctx()));
      expect(judged.status).toBe('fail');
      expect(judged.fixes ?? []).toContain('take-ownership-repair-machinekeys');
      expect((judged.fixes ?? []).includes('rename-machinekeys')).toBe(azure);
    });
  }
});

describe('host.certificate: the Enhanced Key Usage of a certificate bound by SSLCertificateSHA1Hash', () => {
  const BOUND = '4D8E1B2C3A4F5E6D7C8B9A0F1E2D3C4B5A697887';
  // [what, EKU list as Windows names or OIDs, expected]. No EKU extension means every purpose (RFC 5280 4.2.1.12).
  const rows: Array<[string, string[], 'pass' | 'fail']> = [
    ['Server Authentication (1.3.6.1.5.5.7.3.1)', ['Server Authentication'], 'pass'],
    ['Server Authentication by OID', ['1.3.6.1.5.5.7.3.1'], 'pass'],
    ['Remote Desktop Authentication (1.3.6.1.4.1.311.54.1.2)', ['Remote Desktop Authentication'], 'pass'],
    ['Client and Server Authentication', ['Client Authentication', 'Server Authentication'], 'pass'],
    ['Client Authentication and Remote Desktop Authentication', ['1.3.6.1.5.5.7.3.2', '1.3.6.1.4.1.311.54.1.2'], 'pass'],
    ['Any Purpose (2.5.29.37.0)', ['2.5.29.37.0'], 'pass'],
    ['no EKU extension (every purpose)', [], 'pass'],
    ['Client Authentication only', ['Client Authentication'], 'fail'],
    ['Code Signing only', ['Code Signing'], 'fail'],
    ['Client Authentication and Code Signing', ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.3'], 'fail'],
    ['a neighbouring Microsoft OID (1.3.6.1.4.1.311.54.1.1)', ['1.3.6.1.4.1.311.54.1.1'], 'fail'],
    ['a prefix of Server Authentication (1.3.6.1.5.5.7.3)', ['1.3.6.1.5.5.7.3'], 'fail'],
  ];
  for (const [what, eku, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const sim = await openSim('custom-cert-binding-broken');
      sim.host.state.certificates.My![BOUND]!.enhancedKeyUsage = eku;
      sim.host.state.registry[RDP_TCP]!.SSLCertificateSHA1Hash = { type: 'REG_BINARY', data: BOUND };
      const f = await sim.check('host.certificate');
      expect(f.status, f.verdict).toBe(expected);
      if (expected === 'fail') {
        expect(f.verdict).toMatch(/neither server authentication nor Remote Desktop Authentication/);
        expect(f.fixes.map((x) => x.id)).toEqual(['remove-broken-binding']);
      } else expect(f.verdict).toMatch(/custom certificate 4D8E1B2C/);
    });
  }
});

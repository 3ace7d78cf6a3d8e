// host.azure: whether the host is an Azure VM. Informational ('pass', or 'warn' when a sign could not be read); it enables the MachineKeys
// rename fix and the Run Command guidance, which only make sense on Azure.
import { z } from 'zod';
import type { Check, CheckContext } from '../../../types';

/** The SMBIOS chassis asset tag Azure gives every VM. */
export const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';
export const RUN_COMMAND_GUIDANCE =
  'If you cannot reach the VM over RDP, run the fix from the Azure portal: Virtual machine > Operations > Run command > RunPowerShellScript.';

const AzureData = z.object({
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  assetTag: z.string().nullable(),
  registryKey: z.boolean(),
  guestAgent: z.boolean(),
  imds: z.object({
    queried: z.boolean(),
    reachable: z.boolean(),
    vmId: z.string().nullable(),
    location: z.string().nullable(),
    vmSize: z.string().nullable(),
  }),
  /** Reads refused for a reason other than "not there" (e.g. access denied): what, and why. */
  unreadable: z.array(z.object({ what: z.string(), reason: z.string() })).default([]),
});
export type AzureData = z.infer<typeof AzureData>;

export function isAzure(d: AzureData): boolean {
  return d.assetTag === AZURE_ASSET_TAG || d.registryKey || d.imds.reachable;
}

/** Shared per run: the answer does not change when a fix runs, and the metadata query costs up to 1 s. */
export function collectAzure(ctx: CheckContext): Promise<AzureData> {
  return ctx.memo('host.azure', () => ctx.host.run('checks/host/azure/azure', { queryImds: true }, AzureData, { signal: ctx.signal }));
}

export const check: Check<AzureData> = {
  id: 'host.azure',
  side: 'host',
  layer: 'information',
  rank: 130,
  title: 'Azure virtual machine',
  reads:
    'SMBIOS (Win32_ComputerSystem, Win32_SystemEnclosure asset tag), HKLM\\SOFTWARE\\Microsoft\\Windows Azure, the WindowsAzureGuestAgent service, and the instance metadata service (169.254.169.254, 1 s timeout) on Hyper-V guests',
  passWhen: 'informational',
  source: 'all three',
  scripts: ['checks/host/azure/azure'],
  collect: collectAzure,
  judge(d) {
    const azure = isAzure(d);
    const evidence = [
      { label: 'manufacturer / model', value: `${d.manufacturer ?? '?'} / ${d.model ?? '?'}`, source: 'Win32_ComputerSystem' },
      { label: 'SMBIOS asset tag', value: d.assetTag ?? '(none)', source: 'Win32_SystemEnclosure' },
      {
        label: 'Azure guest agent',
        value: d.registryKey || d.guestAgent ? 'installed' : 'not installed',
        source: 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure',
      },
      {
        label: 'instance metadata',
        value: !d.imds.queried
          ? 'not queried (not a Hyper-V guest)'
          : d.imds.reachable
            ? `vmId ${d.imds.vmId}, ${d.imds.location}, ${d.imds.vmSize}`
            : 'no answer within 1 s',
        source: 'http://169.254.169.254/metadata/instance',
      },
    ];
    const missed = d.unreadable.map((u) => `${u.what} (${u.reason})`);
    if (missed.length > 0) evidence.push({ label: 'Could not read', value: missed.join('; '), source: 'RDP Doctor' });
    // "Not Azure" needs every sign read; with one refused, say what is unknown (the Azure-only fix stays off).
    if (!azure && missed.length > 0)
      return {
        status: 'warn',
        verdict: `No sign that this is an Azure VM, but could not read ${missed.join(', ')}: run RDP Doctor as an administrator to be sure.`,
        evidence,
      };
    if (!azure) return { status: 'pass', verdict: 'This is not an Azure VM.', evidence };
    const where = d.imds.location ? ` in ${d.imds.location}` : '';
    return {
      status: 'pass',
      verdict: `This is an Azure VM${where}: the MachineKeys rename fix applies here. ${RUN_COMMAND_GUIDANCE}`,
      evidence,
    };
  },
  fixes: [],
};

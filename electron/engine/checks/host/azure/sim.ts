// Model of checks/host/azure/azure.ps1: the SMBIOS identity of an Azure VM (manufacturer, model, chassis
// asset tag), the guest agent's registry key and service, and the Instance Metadata Service when asked.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { keyExists } from '../../../../hosts/simulated/registry';

/** The chassis asset tag every Azure VM reports (learn.microsoft.com/azure/virtual-machines/windows/detect-azure-vm). */
const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

export const models: SimScriptTable = {
  'checks/host/azure/azure': ({ state }, input: { queryImds: boolean }) => {
    const az = state.computer.azure;
    const registryKey = az.isAzure || keyExists(state, 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure');
    // SMBIOS of a non-Azure machine is not modelled; only an Azure VM's Hyper-V identity is.
    const enclosureDenied = state.unreadableWmiClasses.includes('Win32_SystemEnclosure');
    return {
      manufacturer: az.isAzure ? 'Microsoft Corporation' : null,
      model: az.isAzure ? 'Virtual Machine' : null,
      assetTag: az.isAzure && !enclosureDenied ? AZURE_ASSET_TAG : null,
      unreadable: enclosureDenied ? [{ what: 'Win32_SystemEnclosure', reason: 'access denied' }] : [],
      registryKey,
      guestAgent: registryKey || state.services.WindowsAzureGuestAgent !== undefined,
      imds: {
        queried: az.isAzure && input.queryImds,
        reachable: az.isAzure && input.queryImds,
        vmId: az.isAzure && input.queryImds ? az.vmId : null,
        location: az.isAzure && input.queryImds ? az.location : null,
        vmSize: null,
      },
    };
  },
};

// An Azure VM's resource id, the only form --azure-vm and fleet files accept.
import { AZURE_VM_ID } from '../../../shared/reach';

export { AZURE_VM_ID };

export function parseVmId(id: string): { subscriptionId: string; resourceGroup: string; vmName: string } | null {
  if (!AZURE_VM_ID.test(id)) return null;
  const parts = id.split('/');
  return { subscriptionId: parts[2]!, resourceGroup: parts[4]!, vmName: parts[8]! };
}

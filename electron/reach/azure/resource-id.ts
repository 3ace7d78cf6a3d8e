// An Azure VM's resource id, the only form --azure-vm and fleet files accept.
export const AZURE_VM_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.Compute\/virtualMachines\/[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$/;

export function parseVmId(id: string): { subscriptionId: string; resourceGroup: string; vmName: string } | null {
  if (!AZURE_VM_ID.test(id)) return null;
  const parts = id.split('/');
  return { subscriptionId: parts[2]!, resourceGroup: parts[4]!, vmName: parts[8]! };
}

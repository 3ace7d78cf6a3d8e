// --azure-vm RESOURCE_ID: signs in the way a technician's PC already is (the Azure CLI's "az login" first),
// else in the browser, else with a device code; then reaches the VM through Run Command.
import type { TokenCredential } from '@azure/identity';
import { ReachInputError, type ReachValues } from '../open-remote';
import type { RemotingTransport } from '../transport';
import { AZURE_VM_ID } from './resource-id';
import { RunCommandTransport } from './run-command-transport';

export async function azureCredential(env: NodeJS.ProcessEnv): Promise<TokenCredential> {
  const { AzureCliCredential, ChainedTokenCredential, DeviceCodeCredential, InteractiveBrowserCredential } = await import('@azure/identity');
  const chain: TokenCredential[] = [new AzureCliCredential()];
  // Without a desktop (a server console, SSH) a browser cannot open: the device code is printed instead.
  if (env.RDP_DOCTOR_AZURE_DEVICE_CODE !== '1') chain.push(new InteractiveBrowserCredential({}));
  chain.push(new DeviceCodeCredential({ userPromptCallback: (info) => process.stderr.write(`${info.message}\n`) }));
  return new ChainedTokenCredential(...chain);
}

export async function openAzureTransport(resourceId: string, _values: ReachValues, ctx: { env: NodeJS.ProcessEnv }): Promise<RemotingTransport> {
  if (!AZURE_VM_ID.test(resourceId)) {
    throw new ReachInputError('--azure-vm', `"${resourceId.slice(0, 80)}" is not a VM resource id (/subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)`);
  }
  return new RunCommandTransport({ resourceId, credential: await azureCredential(ctx.env) });
}

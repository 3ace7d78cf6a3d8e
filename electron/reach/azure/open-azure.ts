// --azure-vm RESOURCE_ID: signs in the way a technician's PC already is (the Azure CLI's "az login" first),
// else in the browser, else with a device code; then reaches the VM through Run Command.
import type { TokenCredential } from '@azure/identity';
import { ReachInputError, type ReachValues } from '../open-remote';
import type { RemotingTransport } from '../transport';
import { AZURE_VM_ID } from './resource-id';
import { RunCommandTransport } from './run-command-transport';
import { createHash } from 'node:crypto';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { parseVmId } from './resource-id';
import { simulatedComputeClient } from './simulated-vm';

export async function azureCredential(env: NodeJS.ProcessEnv): Promise<TokenCredential> {
  const { AzureCliCredential, ChainedTokenCredential, DeviceCodeCredential, InteractiveBrowserCredential } =
    await import('@azure/identity');
  const chain: TokenCredential[] = [new AzureCliCredential()];
  // Without a desktop (a server console, SSH) a browser cannot open: the device code is printed instead.
  if (env.RDP_DOCTOR_AZURE_DEVICE_CODE !== '1') chain.push(new InteractiveBrowserCredential({}));
  chain.push(new DeviceCodeCredential({ userPromptCallback: (info) => process.stderr.write(`${info.message}\n`) }));
  return new ChainedTokenCredential(...chain);
}

export async function openAzureTransport(
  resourceId: string,
  _values: ReachValues,
  ctx: { env: NodeJS.ProcessEnv },
): Promise<RemotingTransport> {
  if (!AZURE_VM_ID.test(resourceId)) {
    throw new ReachInputError(
      '--azure-vm',
      `"${resourceId.slice(0, 80)}" is not a VM resource id (/subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)`,
    );
  }
  return new RunCommandTransport({ resourceId, credential: await azureCredential(ctx.env) });
}

/**
 * Simulation: the same Run Command transport (batching, packing, the 4,096-byte cut, one at a time) against a
 * simulated VM instead of Azure; no sign-in.
 */
export function simulatedAzureTransport(resourceId: string, scenario: string, stateFile: string | null): RemotingTransport {
  const vm = parseVmId(resourceId);
  if (!vm)
    throw new ReachInputError(
      '--azure-vm',
      `"${resourceId.slice(0, 80)}" is not a VM resource id (/subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)`,
    );
  const host = SimulatedHost.open({ scenario, stateFile });
  if (!host.state.remoting?.machineSid) {
    const h = createHash('sha256').update(`vm:${resourceId.toLowerCase()}`).digest();
    host.state.remoting = { ...host.state.remoting, machineSid: `S-1-5-21-${h.readUInt32BE(0)}-${h.readUInt32BE(4)}-${h.readUInt32BE(8)}` };
    host.persist();
  }
  const credential = { getToken: () => Promise.resolve({ token: 'simulated', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  return new RunCommandTransport({
    resourceId,
    credential,
    client: simulatedComputeClient(new Map([[vm.vmName, host]])),
    pollIntervalMs: 1,
  });
}

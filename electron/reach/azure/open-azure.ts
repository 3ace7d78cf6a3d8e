// Placeholder until the Azure Run Command transport lands: says so instead of pretending.
import type { RemotingTransport } from '../transport';
import { ReachInputError, type ReachValues } from '../open-remote';

export function openAzureTransport(resourceId: string, _values: ReachValues, _ctx: { env: NodeJS.ProcessEnv }): Promise<RemotingTransport> {
  return Promise.reject(new ReachInputError('--azure-vm', `Azure Run Command is not available in this build (${resourceId.slice(0, 80)})`));
}

// Azure Run Command as a remoting transport: one batch = one `RunPowerShellScript` Run Command through
// @azure/arm-compute (virtualMachines.beginRunCommandAndWait, a long-running operation). Designed for its
// limits (https://learn.microsoft.com/azure/virtual-machines/windows/run-command): one Run Command at a time
// per VM (a second gets 409 Conflict: we wait and retry, then name it), tens of seconds per call, and only the
// last 4,096 bytes of output kept: the batch answers gzip+base64'd within a budget. One batch is one Run Command
// (a whole diagnosis included: its dependent reads resolve on the VM within the call); a batch whose answers do
// not fit is refused with a clear error rather than split, since a split would cost tens of seconds per part.
import { gunzipSync } from 'node:zlib';
import type { TokenCredential } from '@azure/identity';
import type { ComputeManagementClientOptionalParams } from '@azure/arm-compute';
import { z } from 'zod';
import { scriptsRoot } from '../../paths';
import { ManagementPathError, type PreflightStep, type RemoteSession, type RemotingTransport, type ScriptCall } from '../transport';
import { batchPayload, batchScript, PACKED_MARKER, RUN_COMMAND_BUDGET } from '../winrm/compose';
import { parseVmId } from './resource-id';
import type { ComputeClientLike } from './simulated-vm';

export interface RunCommandOptions {
  resourceId: string;
  credential: TokenCredential;
  /** Tests point the real client at a loopback endpoint; production uses Azure Resource Manager. */
  clientOptions?: ComputeManagementClientOptionalParams;
  pollIntervalMs?: number;
  /** How long to keep retrying while another Run Command holds the VM. */
  conflictWaitMs?: number;
  engineRoot?: string;
  /** A stand-in for the arm-compute client (simulation: simulated-vm.ts); unset: the real client. */
  client?: ComputeClientLike;
}

const Packed = z.object({ results: z.array(z.string()) });

function restStatus(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; response?: { status?: unknown } };
  return typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.response?.status === 'number' ? e.response.status : undefined;
}

/** The batch's answers from Run Command's stdout (whatever of it survived the 4,096-byte cut). */
export function unpackOutput(stdout: string): string[] | null {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith(`${PACKED_MARKER} `) || l === PACKED_MARKER);
  if (line === undefined) return null;
  const b64 = line.slice(PACKED_MARKER.length).trim();
  if (b64 === '') return [];
  return Packed.parse(JSON.parse(gunzipSync(Buffer.from(b64, 'base64')).toString('utf8'))).results;
}

function packedSize(stdout: string): number {
  const line = stdout.split(/\r?\n/).find((l) => l.trim().startsWith(`${PACKED_MARKER} `));
  return line ? line.trim().length - PACKED_MARKER.length - 1 : 0;
}

export class RunCommandTransport implements RemotingTransport {
  readonly via = 'azure-run-command' as const;
  readonly target: string;
  /** Run Commands sent, for tests and numbers. */
  calls = 0;
  /** The size of the last answer (gzip+base64 characters, out of RUN_COMMAND_BUDGET), for tests and numbers. */
  lastPackedSize = 0;
  private client: Promise<ComputeClientLike | import('@azure/arm-compute').ComputeManagementClient> | null = null;
  private readonly vm: { subscriptionId: string; resourceGroup: string; vmName: string };

  constructor(private readonly options: RunCommandOptions) {
    const vm = parseVmId(options.resourceId);
    if (!vm) throw new ManagementPathError('azure-vm', 'azure-run-command', options.resourceId, 'not a VM resource id');
    this.vm = vm;
    this.target = options.resourceId;
  }

  private getClient() {
    if (this.options.client) return Promise.resolve(this.options.client);
    this.client ??= import('@azure/arm-compute').then(
      ({ ComputeManagementClient }) =>
        new ComputeManagementClient(this.options.credential, this.vm.subscriptionId, this.options.clientOptions),
    );
    return this.client;
  }

  private fail(failure: ConstructorParameters<typeof ManagementPathError>[0], detail: string): never {
    throw new ManagementPathError(failure, this.via, this.target, detail);
  }

  async preflight(_signal?: AbortSignal): Promise<PreflightStep[]> {
    try {
      await this.options.credential.getToken('https://management.azure.com/.default');
    } catch (err) {
      this.fail('azure-sign-in', err instanceof Error ? err.message.slice(0, 300) : String(err));
    }
    return [{ step: 'azure-sign-in', ok: true, detail: 'signed in to Azure' }];
  }

  async connect(_signal?: AbortSignal): Promise<RemoteSession> {
    return { invoke: (calls, signal) => this.invokeAll(calls, signal), close: async () => undefined };
  }

  /** One Run Command for the whole batch; the answers that did not fit in its output are named, none guessed. */
  private async invokeAll(calls: ScriptCall[], signal?: AbortSignal): Promise<string[]> {
    const got = await this.runOnce(calls, signal);
    if (got.length < calls.length) {
      const first = calls[got.length]!.script;
      this.fail(
        'azure-output-too-large',
        got.length === 0
          ? `the answer of ${first} alone is over Run Command's 4,096-byte output limit even compressed`
          : `${got.length} of ${calls.length} answers fit in Run Command's 4,096-byte output (gzip+base64, budget ${RUN_COMMAND_BUDGET} characters); from ${first} on they did not`,
      );
    }
    return got;
  }

  private async runOnce(calls: ScriptCall[], signal?: AbortSignal): Promise<string[]> {
    const client = await this.getClient();
    const script = batchScript(
      this.options.engineRoot ?? scriptsRoot(),
      calls.map((c) => c.script),
      'run-command',
    );
    const input = {
      commandId: 'RunPowerShellScript',
      script: script.split('\n'),
      parameters: [{ name: 'InputBase64', value: batchPayload(calls) }],
    };
    const deadline = Date.now() + (this.options.conflictWaitMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      try {
        this.calls++;
        const result = await client.virtualMachines.beginRunCommandAndWait(this.vm.resourceGroup, this.vm.vmName, input, {
          updateIntervalInMs: this.options.pollIntervalMs ?? 5000,
          abortSignal: signal,
        });
        const stdout = result.value?.find((v) => /StdOut/i.test(v.code ?? ''))?.message ?? '';
        const stderr = result.value?.find((v) => /StdErr/i.test(v.code ?? ''))?.message ?? '';
        this.lastPackedSize = packedSize(stdout);
        const results = unpackOutput(stdout);
        if (results === null)
          this.fail(
            'azure-vm',
            `Run Command gave no RDP Doctor answer (stdout: ${stdout.slice(-200) || 'empty'}; stderr: ${stderr.slice(-200) || 'empty'})`,
          );
        return results;
      } catch (err) {
        if (err instanceof ManagementPathError) throw err;
        const status = restStatus(err);
        if (status === 409) {
          // One Run Command at a time per VM: someone else's (or a previous, timed-out one of ours) is running.
          if (Date.now() >= deadline)
            this.fail('azure-conflict', 'Azure answered 409 Conflict: a Run Command is already running on this VM');
          await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
          continue;
        }
        if (status === 401 || status === 403)
          this.fail('azure-sign-in', `Azure answered ${status}: ${err instanceof Error ? err.message.slice(0, 200) : ''}`);
        if (status === 404) this.fail('azure-vm', 'Azure answered 404: no such VM (check the resource id)');
        this.fail('azure-vm', err instanceof Error ? err.message.slice(0, 300) : String(err));
      }
    }
  }
}

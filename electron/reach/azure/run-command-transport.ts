// Azure Run Command as a remoting transport: a batch goes out as `RunPowerShellScript` Run Commands through
// @azure/arm-compute (virtualMachines.beginRunCommandAndWait, a long-running operation). Designed for its
// limits (https://learn.microsoft.com/azure/virtual-machines/windows/run-command): one Run Command at a time
// per VM (a second gets 409 Conflict: we wait and retry, then name it), tens of seconds per call, and only the
// last 4,096 bytes of output kept: the answers come back gzip+base64'd within a budget. A batch (a whole
// diagnosis included: its dependent reads resolve on the VM within the call) is one Run Command when its answers
// fit; when they do not, the VM stops at the first answer that does not fit and the calls from there on go out
// again in further Run Commands, one after another, down to one call per command. Only an answer that cannot fit
// even alone is an error, and it is that call's own error (its size named), never the batch's.
import { gunzipSync } from 'node:zlib';
import type { TokenCredential } from '@azure/identity';
import type { ComputeManagementClientOptionalParams } from '@azure/arm-compute';
import { z } from 'zod';
import { scriptsRoot } from '../../paths';
import { ManagementPathError, type PreflightStep, type RemoteSession, type RemotingTransport, type ScriptCall } from '../transport';
import { applyDerived } from '../../hosts/derived-input';
import { batchPayload, batchScript, OVERFLOW_TOKEN, PACKED_MARKER, RUN_COMMAND_BUDGET } from '../winrm/compose';
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

/** What one Run Command brought back: the answers that fit, in order, and the size of the first that did not. */
export interface Unpacked {
  results: string[];
  /** The answer that did not fit: its length and its length gzip+base64'd alone; null when every call answered. */
  overflow: { chars: number; packed: number } | null;
  /** The gzip+base64 characters of the answers that fit (out of RUN_COMMAND_BUDGET). */
  packedSize: number;
}

/** The batch's answers from Run Command's stdout (whatever of it survived the 4,096-byte cut). */
export function unpackOutput(stdout: string): Unpacked | null {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith(`${PACKED_MARKER} `) || l === PACKED_MARKER);
  if (line === undefined) return null;
  const tokens = line.slice(PACKED_MARKER.length).trim().split(/\s+/).filter(Boolean);
  const over = tokens.find((t) => t.startsWith(OVERFLOW_TOKEN));
  const b64 = tokens.find((t) => !t.startsWith(OVERFLOW_TOKEN)) ?? '';
  const sizes = over ? /^over=(\d+),(\d+)$/.exec(over) : null;
  return {
    results: b64 === '' ? [] : Packed.parse(JSON.parse(gunzipSync(Buffer.from(b64, 'base64')).toString('utf8'))).results,
    overflow: sizes ? { chars: Number(sizes[1]), packed: Number(sizes[2]) } : null,
    packedSize: b64.length,
  };
}

/**
 * Scripts that only read: sent again when their answer did not fit. Any other script changed (or may have
 * changed) the host when it ran, so it is never run a second time for want of output space.
 */
const READ_ONLY_OPS = new Set([
  'ops/certificate-list',
  'ops/firewall-rules-read',
  'ops/host-identity',
  'ops/host-info',
  'ops/registry-read',
  'ops/session-user',
  'ops/this-pc',
  'ops/winrm-client',
]);

/** A check's own collect script (checks/SIDE/NAME/NAME) reads; its other scripts there are its fixes. */
export function isReadOnlyScript(script: string): boolean {
  const parts = script.split('/');
  return READ_ONLY_OPS.has(script) || (parts.length === 4 && parts[0] === 'checks' && parts[2] === parts[3]);
}

/** The answer a call gets when its own answer cannot come back through Run Command: an error of that call alone. */
function tooLargeAnswer(call: ScriptCall, overflow: Unpacked['overflow'], alone: boolean): string {
  const size = overflow
    ? `${overflow.chars.toLocaleString('en-US')} characters, ${overflow.packed.toLocaleString('en-US')} gzip+base64'd`
    : 'size unknown';
  const why = alone
    ? `its answer alone (${size}) does not fit in Run Command's 4,096-byte output (budget ${RUN_COMMAND_BUDGET.toLocaleString('en-US')} characters)`
    : `its answer (${size}) did not fit in Run Command's 4,096-byte output, and it is not sent again because it changes the host: read the host back (re-check) to see whether it took effect`;
  const message = `${call.script} ran on the VM, but ${why}. Use PowerShell Remoting (--remote) for this check, or run it at the VM's console.`;
  return JSON.stringify({ error: { message, type: 'RunCommandOutputTooLarge' } });
}

/**
 * The calls still to send, as one batch: a derived input whose source answered in an earlier Run Command is
 * resolved here with the same rule the VM applies (derived-input.ts); one whose source travels again points
 * at its new place.
 */
function nextBatch(calls: ScriptCall[], pending: number[], answers: (string | undefined)[]): ScriptCall[] {
  return pending.map((i) => {
    const call = calls[i]!;
    if (!call.derive) return call;
    const source = answers[call.derive.from];
    if (source !== undefined) return { script: call.script, input: applyDerived(call.input, call.derive.rules, answerOf(source)) };
    const from = pending.indexOf(call.derive.from);
    if (from < 0) throw new Error(`internal: ${call.script} was sent apart from the call it depends on`);
    return { ...call, derive: { from, rules: call.derive.rules } };
  });
}

function answerOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export class RunCommandTransport implements RemotingTransport {
  readonly via = 'azure-run-command' as const;
  readonly target: string;
  /** Run Commands run (a 409 Conflict retried counts once), for tests and numbers. */
  calls = 0;
  /** 409 Conflicts met (another Run Command held the VM) and waited out. */
  conflicts = 0;
  /** The size of the last answer (gzip+base64 characters, out of RUN_COMMAND_BUDGET), for tests and numbers. */
  lastPackedSize = 0;
  /** Each Run Command's answer size, in order, for tests and numbers. */
  readonly packedSizes: number[] = [];
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

  /**
   * The batch in as few Run Commands as its answers allow, one at a time: each command answers the calls that fit,
   * in order; the rest go out in the next one. A call whose answer does not fit alone gets its own error.
   */
  private async invokeAll(calls: ScriptCall[], signal?: AbortSignal): Promise<string[]> {
    const answers: (string | undefined)[] = new Array<string | undefined>(calls.length);
    let pending = calls.map((_, i) => i);
    while (pending.length > 0) {
      const sent = nextBatch(calls, pending, answers);
      const got = await this.runOnce(sent, signal);
      got.results.forEach((text, k) => (answers[pending[k]!] = text));
      if (got.results.length === sent.length) break;
      if (!got.overflow)
        this.fail('azure-vm', `the VM answered ${got.results.length} of ${sent.length} calls and did not say why the others are missing`);
      const first = pending[got.results.length]!;
      // Too big alone: it was first in this command, or the VM measured it alone over the budget.
      const alone = got.results.length === 0 || got.overflow.packed > RUN_COMMAND_BUDGET;
      if (alone || !isReadOnlyScript(calls[first]!.script)) {
        answers[first] = tooLargeAnswer(calls[first]!, got.overflow, alone);
        pending = pending.slice(got.results.length + 1);
      } else pending = pending.slice(got.results.length);
    }
    return answers.map((a) => a ?? '');
  }

  private async runOnce(calls: ScriptCall[], signal?: AbortSignal): Promise<Unpacked> {
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
    this.calls++;
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await client.virtualMachines.beginRunCommandAndWait(this.vm.resourceGroup, this.vm.vmName, input, {
          updateIntervalInMs: this.options.pollIntervalMs ?? 5000,
          abortSignal: signal,
        });
        const stdout = result.value?.find((v) => /StdOut/i.test(v.code ?? ''))?.message ?? '';
        const stderr = result.value?.find((v) => /StdErr/i.test(v.code ?? ''))?.message ?? '';
        const unpacked = unpackOutput(stdout);
        if (unpacked === null)
          this.fail(
            'azure-vm',
            `Run Command gave no RDP Doctor answer (stdout: ${stdout.slice(-200) || 'empty'}; stderr: ${stderr.slice(-200) || 'empty'})`,
          );
        this.lastPackedSize = unpacked.packedSize;
        this.packedSizes.push(unpacked.packedSize);
        return unpacked;
      } catch (err) {
        if (err instanceof ManagementPathError) throw err;
        const status = restStatus(err);
        if (status === 409) {
          // One Run Command at a time per VM: someone else's (or a previous, timed-out one of ours) is running.
          this.conflicts++;
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

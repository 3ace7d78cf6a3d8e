// An Azure VM in simulation: what the Run Command agent does with RDP Doctor's batch on a simulated host. It
// runs the calls in order and packs the answers exactly as the batch's PowerShell does (stop when the gzip+base64
// answer would pass the budget, naming the size of the answer that did not fit), then keeps the last 4,096 bytes
// of output as Azure does. Used by `--azure-vm ID --simulate` and by the loopback Azure endpoint of the tests.
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { RunCommandInput, RunCommandResult } from '@azure/arm-compute';
import type { Json } from '../../../shared/model';
import { HostScriptError } from '../../hosts/host-adapter';
import { applyDerived, type Derive } from '../../hosts/derived-input';
import type { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { OVERFLOW_TOKEN, PACKED_MARKER, RUN_COMMAND_BUDGET } from '../winrm/compose';

export const RUN_COMMAND_OUTPUT_LIMIT = 4096;

interface PayloadCall {
  script: string;
  input: string;
  derive?: { from: number; rules: Derive[] };
}

function answerOf(text: string | undefined): unknown {
  try {
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** The batch run on the VM: its stdout, before Azure's cut. */
export async function runBatchOnVm(host: SimulatedHost, script: string, inputB64: string): Promise<string> {
  const { calls } = JSON.parse(Buffer.from(inputB64, 'base64').toString('utf8')) as { calls: PayloadCall[] };
  const results: string[] = [];
  let packed = '';
  let overflow = '';
  for (const call of calls) {
    let text: string;
    if (!script.includes(`'${call.script}' {`)) text = '{"error":{"message":"unknown script","type":"NotImplemented"}}';
    else {
      try {
        const given = JSON.parse(Buffer.from(call.input, 'base64').toString('utf8')) as Json;
        // A derived input takes its values from an earlier answer of this batch, on the VM, as the batch's PowerShell does.
        const input = call.derive ? applyDerived(given, call.derive.rules, answerOf(results[call.derive.from])) : given;
        text = JSON.stringify(await host.runOverRemoting(call.script, input, z.unknown()));
      } catch (err) {
        if (!(err instanceof HostScriptError)) throw err;
        text = JSON.stringify({ error: { message: err.message, type: err.type } });
      }
    }
    // The script's answer as Out-String gives it to the batch: one line and a line end.
    const answer = text + '\r\n';
    const next = pack([...results, answer]);
    if (next.length > RUN_COMMAND_BUDGET) {
      overflow = ` ${OVERFLOW_TOKEN}${answer.length},${pack([answer]).length}`;
      break;
    }
    results.push(answer);
    packed = next;
  }
  return `${PACKED_MARKER} ${packed}${overflow}\r\n`;
}

function pack(results: string[]): string {
  return gzipSync(JSON.stringify({ results })).toString('base64');
}

/** Azure keeps the last 4,096 bytes of a Run Command's output. */
export function cutOutput(stdout: string): string {
  const bytes = Buffer.from(stdout, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - RUN_COMMAND_OUTPUT_LIMIT)).toString('utf8');
}

/** The part of the arm-compute client RunCommandTransport uses, answered by a simulated VM (one command at a time). */
export function simulatedComputeClient(vms: Map<string, SimulatedHost>, delayMs = 0) {
  const busy = new Set<string>();
  return {
    virtualMachines: {
      async beginRunCommandAndWait(_group: string, vm: string, input: RunCommandInput): Promise<RunCommandResult> {
        const host = vms.get(vm);
        if (!host)
          throw Object.assign(new Error(`The Resource 'Microsoft.Compute/virtualMachines/${vm}' was not found.`), { statusCode: 404 });
        if (busy.has(vm)) throw Object.assign(new Error('Run command extension execution is in progress.'), { statusCode: 409 });
        busy.add(vm);
        try {
          if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
          const value = input.parameters?.find((p) => p.name === 'InputBase64')?.value ?? '';
          const stdout = cutOutput(await runBatchOnVm(host, (input.script ?? []).join('\n'), value));
          return {
            value: [
              { code: 'ComponentStatus/StdOut/succeeded', message: stdout },
              { code: 'ComponentStatus/StdErr/succeeded', message: '' },
            ],
          };
        } finally {
          busy.delete(vm);
        }
      },
    },
  };
}

export type ComputeClientLike = ReturnType<typeof simulatedComputeClient>;

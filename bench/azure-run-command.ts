// A whole host diagnosis of a simulated Azure VM through the Run Command transport (the same packing, the same
// 4,096-byte cut, one command at a time), with a quiet and a busy RDP event log: prints the Run Commands each
// diagnosis took, each one's answer size (gzip+base64 characters of RUN_COMMAND_BUDGET) and the largest answers.
// Usage: npx tsx bench/azure-run-command.ts [--events 0,2,40,400] [--scenario machinekeys-acl,multi-fault]
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { RunCommandInput } from '@azure/arm-compute';
import { allChecks } from '../electron/engine/checks';
import { SimulatedHost } from '../electron/hosts/simulated/simulated-host';
import { RunCommandTransport } from '../electron/reach/azure/run-command-transport';
import { cutOutput, runBatchOnVm } from '../electron/reach/azure/simulated-vm';
import { diagnoseAcross } from '../electron/reach/diagnose-remote';
import { RemoteHost } from '../electron/reach/remote-host';
import { PACKED_MARKER, RUN_COMMAND_BUDGET } from '../electron/reach/winrm/compose';

const RDPCORETS = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS';

/** The technician's own failed attempts: each one a TCP connection accepted (98) and a broken setup (226). */
function addAttempts(host: SimulatedHost, n: number): void {
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    host.state.events.push({
      log: `${RDPCORETS}/Operational`,
      provider: RDPCORETS,
      id: i % 2 ? 226 : 98,
      level: i % 2 ? 'Warning' : 'Information',
      time: new Date(now - i * 97_000).toISOString(),
      message:
        i % 2
          ? `RDP_TCP: An error was encountered when transitioning from StateUnknown2 in response to Event_Disconnect (error code 0x8007040b), attempt ${i}.`
          : 'A TCP connection has been successfully established.',
    });
  }
}

/** A simulated VM whose every answer's size is kept (stdout before Azure's cut). */
function measuringClient(host: SimulatedHost, sizes: { script: string; chars: number }[]) {
  return {
    virtualMachines: {
      async beginRunCommandAndWait(_group: string, _vm: string, input: RunCommandInput) {
        const payload = input.parameters?.find((p) => p.name === 'InputBase64')?.value ?? '';
        const stdout = await runBatchOnVm(host, (input.script ?? []).join('\n'), payload);
        const { calls } = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { calls: { script: string }[] };
        const b64 = stdout.slice(PACKED_MARKER.length).trim().split(/\s+/)[0] ?? '';
        const results = b64.startsWith('H4sI')
          ? (JSON.parse(gunzipSync(Buffer.from(b64, 'base64')).toString('utf8')) as { results: string[] }).results
          : [];
        results.forEach((r, i) => sizes.push({ script: calls[i]!.script, chars: r.length }));
        return { value: [{ code: 'ComponentStatus/StdOut/succeeded', message: cutOutput(stdout) }] };
      },
    },
  };
}

async function one(scenario: string, events: number): Promise<void> {
  const host = SimulatedHost.open({ scenario });
  addAttempts(host, events);
  const sizes: { script: string; chars: number }[] = [];
  const transport = new RunCommandTransport({
    resourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-bench',
    credential: { getToken: () => Promise.resolve({ token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    client: measuringClient(host, sizes),
    pollIntervalMs: 1,
  });
  const remote = new RemoteHost(transport);
  await remote.info();
  const before = transport.calls;
  const sizesBefore = transport.packedSizes.length;
  const { diagnosis } = await diagnoseAcross(
    allChecks.filter((c) => c.side === 'host'),
    { local: SimulatedHost.open({ scenario: 'healthy' }), remote },
    null,
  );
  const count = (s: string) => diagnosis.findings.filter((f) => f.status === s).length;
  const largest = [...sizes]
    .sort((a, b) => b.chars - a.chars)
    .slice(0, 3)
    .map((s) => `${s.script} ${s.chars}`)
    .join(', ');
  console.log(
    `${scenario}, ${events} extra RDP events: ${transport.calls - before} Run Command(s), answers ${transport.packedSizes.slice(sizesBefore).join(' + ')} of ${RUN_COMMAND_BUDGET} characters; ` +
      `${count('fail')} fail, ${count('warn')} warn, ${count('error')} error, ${count('skipped')} skipped; largest answers (characters): ${largest}`,
  );
}

const { values } = parseArgs({ options: { events: { type: 'string' }, scenario: { type: 'string' } } });
for (const scenario of (values.scenario ?? 'machinekeys-acl,multi-fault,healthy').split(','))
  for (const n of (values.events ?? '0,2,40,400').split(',').map(Number)) await one(scenario, n);

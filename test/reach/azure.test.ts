// Azure Run Command with the real @azure/arm-compute client and a test credential, against a loopback HTTPS
// endpoint that implements the Run Command long-running operation, its one-at-a-time conflict and its
// 4,096-byte output cut, running the batches on simulated hosts.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { allChecks, findCheck } from '../../electron/engine/checks';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { hostRefOf } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { isReadOnlyScript, RunCommandTransport } from '../../electron/reach/azure/run-command-transport';
import { RUN_COMMAND_BUDGET } from '../../electron/reach/winrm/compose';
import { diagnoseAcross } from '../../electron/reach/diagnose-remote';
import { remoteJournalDir } from '../../electron/reach/identity';
import { RemoteHost } from '../../electron/reach/remote-host';
import { applyFixOverLink, rollbackOverLink } from '../../electron/reach/remote-fix';
import { canonicalJson } from '../../electron/util/canonical-json';
import { tempDir } from '../support/sim';
import { startRunCommandEndpoint, TEST_TOKEN } from './azure-endpoint';

const SUB = '00000000-1111-2222-3333-444444444444';
const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-helpdesk/providers/Microsoft.Compute/virtualMachines/${name}`;
const credential = { getToken: async () => ({ token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };

const hosts = new Map<string, SimulatedHost>();
let endpoint: Awaited<ReturnType<typeof startRunCommandEndpoint>>;

const RDPCORETS = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS';

/**
 * The technician's own failed attempts, as RdpCoreTS logs them: a TCP connection accepted (98) and the setup
 * broken (226, a warning) for each, the newest first.
 */
function busyEventLog(host: SimulatedHost, attempts: number): SimulatedHost {
  const now = Date.now();
  for (let i = 0; i < attempts; i++) {
    const time = new Date(now - (i + 1) * 300_000).toISOString();
    host.state.events.push(
      {
        log: `${RDPCORETS}/Operational`,
        provider: RDPCORETS,
        id: 98,
        level: 'Information',
        time,
        message: 'A TCP connection has been successfully established.',
      },
      {
        log: `${RDPCORETS}/Operational`,
        provider: RDPCORETS,
        id: 226,
        level: 'Warning',
        time,
        message:
          'RDP_TCP: An error was encountered when transitioning from StateUnknown2 in response to Event_Disconnect (error code 0x8007040b).',
      },
    );
  }
  return host;
}

/** An event log whose one answer cannot fit in any Run Command: a kind of event per id, each with a long, unique message. */
function hugeEventLog(host: SimulatedHost): SimulatedHost {
  const noise = () => Array.from({ length: 40 }, () => Math.random().toString(36).slice(2, 11)).join(' ');
  const kinds: [string, string, number[]][] = [
    ['System', 'Schannel', [36870, 36871, 36874, 36887, 36888]],
    ['System', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', [1057, 1058]],
    [`${RDPCORETS}/Operational`, RDPCORETS, [97, 98, 99, 226]],
  ];
  for (const [log, provider, ids] of kinds)
    for (const id of ids)
      host.state.events.push({
        log,
        provider,
        id,
        level: 'Error',
        time: new Date(Date.now() - 60_000).toISOString(),
        message: noise().slice(0, 390),
      });
  return host;
}

beforeAll(async () => {
  hosts.set('vm-keys', busyEventLog(SimulatedHost.open({ scenario: 'machinekeys-acl' }), 25));
  hosts.set('vm-busy-keys', busyEventLog(SimulatedHost.open({ scenario: 'machinekeys-acl' }), 30));
  hosts.set('vm-huge-events', hugeEventLog(SimulatedHost.open({ scenario: 'machinekeys-acl' })));
  hosts.set('vm-cert', SimulatedHost.open({ scenario: 'expired-cert' }));
  hosts.set('vm-busy', SimulatedHost.open({ scenario: 'healthy' }));
  hosts.set('vm-diag', SimulatedHost.open({ scenario: 'multi-fault' }));
  endpoint = await startRunCommandEndpoint(hosts);
});
afterAll(async () => endpoint.close());

function transport(name: string, extra: { conflictWaitMs?: number } = {}) {
  // The loopback endpoint's self-signed certificate is trusted for this client only.
  const agent = new Agent({ ca: endpoint.cert });
  const trust: PipelinePolicy = { name: 'loopback-ca', sendRequest: (req, next) => ((req.agent = agent), next(req)) };
  return new RunCommandTransport({
    resourceId: vmId(name),
    credential,
    clientOptions: {
      endpoint: endpoint.url,
      additionalPolicies: [{ policy: trust, position: 'perCall' }],
      retryOptions: { maxRetries: 0 },
    },
    pollIntervalMs: 5,
    ...extra,
  });
}

const hostChecks = () => allChecks.filter((c) => c.side === 'host');

async function open(name: string) {
  const t = transport(name);
  await t.preflight();
  const host = new RemoteHost(t);
  const info = await host.info();
  const journal = new Journal(remoteJournalDir(tempDir(), host.identity!));
  return {
    t,
    host,
    info,
    journal,
    ctx: () => createContext(host, info, null, new AbortController().signal),
    state: () => canonicalJson(hosts.get(name)!.state),
  };
}

describe('Azure Run Command through the arm-compute client against a local Run Command endpoint', () => {
  it('MachineKeys repair of an Azure VM with a busy event log end to end: fixed, then rolled back to the exact prior state', async () => {
    const vm = await open('vm-keys');
    expect(vm.info.remote).toMatchObject({ via: 'azure-run-command' });
    expect(vm.host.identity!.vmId).toMatch(/^[0-9a-f-]{36}$/);
    const check = findCheck('host.machinekeys')!;
    const before = vm.state();
    const commands = vm.t.calls;
    const { finding } = await evaluate(check, vm.ctx());
    expect(finding.status).toBe('fail');
    const fixId = finding.fixes.find((f) => !f.disabledReason)!.id;
    const applied = await applyFixOverLink(check, fixId, vm.ctx(), vm.journal, hostRefOf(vm.host), { confirmed: true });
    expect(applied.finding.status, applied.finding.verdict).toBe('pass');
    const fixCommands = vm.t.calls - commands;
    const rolled = await rollbackOverLink(applied.entry, check, vm.ctx(), vm.journal);
    expect(rolled.entry.state).toBe('rolled-back');
    expect(vm.state()).toBe(before);
    console.log(
      `MachineKeys repair over Run Command: ${fixCommands} Run Commands to fix, ${vm.t.calls - commands - fixCommands} to roll back`,
    );
    expect(Math.max(...vm.t.packedSizes)).toBeLessThanOrEqual(RUN_COMMAND_BUDGET);
    expect(endpoint.stats.polls).toBeGreaterThan(0);
  });

  it('certificate renewal of an Azure VM end to end', async () => {
    const vm = await open('vm-cert');
    const check = findCheck('host.certificate')!;
    const applied = await applyFixOverLink(check, 'renew-certificate', vm.ctx(), vm.journal, hostRefOf(vm.host), { confirmed: true });
    expect(applied.finding.status, applied.finding.verdict).toBe('pass');
    expect(applied.entry.host.identity).toBe(vm.host.identityKey);
  });

  it('a whole diagnosis is one Run Command within the 4,096-byte output', async () => {
    const vm = await open('vm-diag');
    const before = vm.t.calls;
    const batchesBefore = vm.host.batches;
    const { diagnosis } = await diagnoseAcross(hostChecks(), { local: hosts.get('vm-busy')!, remote: vm.host }, null);
    expect(diagnosis.findings.filter((f) => f.status === 'error').map((f) => `${f.id}: ${f.verdict}`)).toEqual([]);
    expect(diagnosis.findings.filter((f) => f.status === 'fail' || f.status === 'warn').length).toBeGreaterThanOrEqual(3);
    console.log(
      `Azure multi-fault diagnosis: ${vm.t.calls - before} Run Command(s) for ${vm.host.batches - batchesBefore} batch(es), answer ${vm.t.lastPackedSize} of ${RUN_COMMAND_BUDGET} characters`,
    );
    expect(vm.t.calls - before).toBe(1);
    expect(vm.host.batches - batchesBefore).toBe(1);
    expect(vm.t.lastPackedSize).toBeGreaterThan(0);
    expect(vm.t.lastPackedSize).toBeLessThanOrEqual(RUN_COMMAND_BUDGET);
  });

  it('a busy event log (60 RDP events) on a MachineKeys-broken VM: the fault is diagnosed and every host check answers', async () => {
    const vm = await open('vm-busy-keys');
    const before = vm.t.calls;
    const sizes = vm.t.packedSizes.length;
    const { diagnosis } = await diagnoseAcross(hostChecks(), { local: hosts.get('vm-busy')!, remote: vm.host }, null);
    const runCommands = vm.t.calls - before;
    console.log(
      `Azure machinekeys-acl diagnosis with 60 RDP events: ${runCommands} Run Command(s), answers ${vm.t.packedSizes.slice(sizes).join(' + ')} of ${RUN_COMMAND_BUDGET} characters`,
    );
    const unanswered = diagnosis.findings.filter((f) => f.status === 'error' || f.status === 'skipped');
    expect(unanswered.map((f) => `${f.id}: ${f.status} ${f.verdict}`)).toEqual([]);
    const byId = new Map(diagnosis.findings.map((f) => [f.id, f]));
    expect(byId.get('host.powershell')!.status).toBe('pass');
    expect(byId.get('host.machinekeys')!.status).toBe('fail');
    expect(byId.get('host.certificate')!.status).toBe('fail');
    expect(diagnosis.causes[0]?.checkId).toBe('host.machinekeys');
    // Counts per kind, though only the newest of each travelled: the query reads the newest 50 (maxPerQuery), so
    // of the 30 attempts 25 of each kind are counted and shown as a lower bound.
    const events = byId.get('host.events')!;
    expect(events.verdict).toMatch(/226/);
    expect(events.evidence.find((e) => /RdpCoreTS 226/.test(e.label))?.value).toMatch(/^25\+×, last /);
    expect(events.evidence.find((e) => /RdpCoreTS 98/.test(e.label))?.value).toMatch(/^25\+×, last /);
    // One today (see the log line); a second command is the designed overflow, not a failure.
    expect(runCommands).toBeLessThanOrEqual(2);
  });

  it("the event read's answer does not grow with the event log: the newest of each kind and its count", async () => {
    const size = async (attempts: number) => {
      const name = `vm-events-${attempts}`;
      hosts.set(name, busyEventLog(SimulatedHost.open({ scenario: 'machinekeys-acl' }), attempts));
      const vm = await open(name);
      const { finding } = await evaluate(findCheck('host.events')!, vm.ctx());
      expect(finding.status).toBe('warn');
      return vm.t.lastPackedSize;
    };
    const [quiet, busy, busier] = [await size(2), await size(30), await size(300)];
    console.log(`host.events answer: ${quiet} characters with 4 RDP events, ${busy} with 60, ${busier} with 600`);
    expect(Math.abs(busy - quiet)).toBeLessThanOrEqual(40);
    expect(Math.abs(busier - quiet)).toBeLessThanOrEqual(40);
    // The script the model stands for folds the same way: one record per kind, counted, capped at maxPerQuery.
    const ps1 = readFileSync('electron/engine/checks/host/events/events.ps1', 'utf8').replace(/^\s*#.*$/gm, '');
    expect(ps1).toMatch(/if \(\$kinds\.ContainsKey\(\$key\)\) \{ \$kinds\[\$key\]\['count'\] \+= 1; continue \}/);
    expect(ps1).toMatch(
      /\$record\['count'\] = 1\n.*\n\s+if \(\$found\.Count -ge \[int\]\$in\.maxPerQuery\) \{ \$record\['capped'\] = \$true \}\n\s+\$kinds\[\$key\] = \$record\n\s+\$events \+= \$record/,
    );
  });

  it('answers that do not fit together go on in further Run Commands, one at a time, each answer whole', async () => {
    const vm = await open('vm-busy');
    const session = await vm.t.connect();
    const random = () => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    const calls = Array.from({ length: 6 }, (_, k) => ({
      script: 'ops/registry-read',
      input: { items: Array.from({ length: 30 }, (_, i) => ({ key: `HKLM\\SOFTWARE\\T${k}\\${i}${random()}`, name: random() })) },
    }));
    const sent = vm.t.calls;
    const conflicts = endpoint.stats.conflicts;
    const answers = await session.invoke(calls);
    const runCommands = vm.t.calls - sent;
    console.log(`6 large reads: ${runCommands} Run Commands, answers ${vm.t.packedSizes.slice(-runCommands).join(' + ')}`);
    expect(runCommands).toBeGreaterThanOrEqual(2);
    expect(runCommands).toBeLessThanOrEqual(6);
    // One command at a time: the follow-ups never met their own predecessor still running.
    expect(endpoint.stats.conflicts).toBe(conflicts);
    expect(answers).toHaveLength(6);
    answers.forEach((a, k) => {
      const items = (JSON.parse(a) as { values: { key: string; exists: boolean }[] }).values;
      expect(items.map((i) => i.key)).toEqual(calls[k]!.input.items.map((i) => i.key));
    });
  });

  it('a read whose own answer cannot fit is an error of that check alone, named with its size', async () => {
    const vm = await open('vm-huge-events');
    const before = vm.t.calls;
    const { diagnosis } = await diagnoseAcross(hostChecks(), { local: hosts.get('vm-busy')!, remote: vm.host }, null);
    const runCommands = vm.t.calls - before;
    console.log(
      `Azure diagnosis with an oversized event answer: ${runCommands} Run Command(s), answers ${vm.t.packedSizes.slice(-runCommands).join(' + ')}`,
    );
    const errors = diagnosis.findings.filter((f) => f.status === 'error');
    expect(errors.map((f) => f.id)).toEqual(['host.events']);
    expect(errors[0]!.verdict).toMatch(
      /checks\/host\/events\/events ran on the VM, but its answer alone \([\d,]+ characters, [\d,]+ gzip\+base64'd\) does not fit in Run Command's 4,096-byte output/,
    );
    expect(diagnosis.findings.filter((f) => f.status === 'skipped').map((f) => f.id)).toEqual([]);
    expect(diagnosis.findings.find((f) => f.id === 'host.powershell')!.status).toBe('pass');
    expect(diagnosis.findings.find((f) => f.id === 'host.machinekeys')!.status).toBe('fail');
    // The VM measured it alone over the budget, so it is not sent a second time: the checks after it (the
    // calls the VM did not reach) are the second and last Run Command.
    expect(runCommands).toBe(2);
  });

  it('a dependent read whose source answered in an earlier Run Command takes its value from that answer', async () => {
    const t = transport('vm-busy');
    const session = await t.connect();
    const random = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 10)).join('');
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `HKLM\\SOFTWARE\\RdpDoctorTest\\D${i}${random(4)}`, name: random(2) }));
    const source = { key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp', name: 'PortNumber' };
    const calls = t.calls;
    const [first, , , derived] = await session.invoke([
      { script: 'ops/registry-read', input: { items: [source] } },
      { script: 'ops/registry-read', input: { items: items(50) } },
      { script: 'ops/registry-read', input: { items: items(40) } },
      {
        script: 'ops/registry-read',
        input: { items: [{ key: source.key, name: 'unset' }] },
        derive: { from: 0, rules: [{ into: ['items', 0, 'name'], pick: ['values', 0, 'name'], type: 'string', fallback: 'none' }] },
      },
    ]);
    expect(t.calls - calls).toBe(2);
    expect(JSON.parse(first!).values[0]).toMatchObject({ name: 'PortNumber', exists: true });
    expect(JSON.parse(derived!).values[0]).toMatchObject({ name: 'PortNumber', exists: true, data: 3389 });
  });

  it('one Run Command at a time: a 409 Conflict is waited out, or named when it lasts', async () => {
    const vm = await open('vm-busy');
    endpoint.hold('vm-busy');
    setTimeout(() => endpoint.release('vm-busy'), 300);
    const conflictsBefore = endpoint.stats.conflicts;
    const { finding } = await evaluate(findCheck('host.nla')!, vm.ctx());
    expect(finding.status).toBe('pass');
    expect(endpoint.stats.conflicts).toBeGreaterThan(conflictsBefore);
    endpoint.hold('vm-busy');
    const t = transport('vm-busy', { conflictWaitMs: 200 });
    const session = await t.connect();
    await expect(session.invoke([{ script: 'ops/host-info', input: {} }])).rejects.toMatchObject({ failure: 'azure-conflict' });
    endpoint.release('vm-busy');
  });

  it('an answer that cannot fit even alone gets a clear error of that call, not a truncated result; the calls around it answer', async () => {
    const t = transport('vm-busy');
    const session = await t.connect();
    const items = Array.from({ length: 300 }, (_, i) => ({
      key: `HKLM\\SOFTWARE\\RdpDoctorTest\\${i}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
      name: Math.random().toString(36).slice(2),
    }));
    const [before, huge, after] = await session.invoke([
      { script: 'ops/host-info', input: {} },
      { script: 'ops/registry-read', input: { items } },
      { script: 'ops/host-info', input: {} },
    ]);
    expect(JSON.parse(before!).computerName).toBe('WS-ACCT-042');
    expect(JSON.parse(after!).computerName).toBe('WS-ACCT-042');
    expect(JSON.parse(huge!)).toMatchObject({
      error: {
        type: 'RunCommandOutputTooLarge',
        message: expect.stringMatching(/^ops\/registry-read ran on the VM, but its answer alone/),
      },
    });
    expect(t.calls).toBe(2);
  });

  it('a read that did not fit beside others is sent again; a change is never run a second time for want of space', async () => {
    const t = transport('vm-busy');
    const session = await t.connect();
    const random = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 10)).join('');
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `HKLM\\SOFTWARE\\RdpDoctorTest\\R${i}${random(4)}`, name: random(2) }));
    const big = items(50);
    const ran: string[] = [];
    const host = hosts.get('vm-busy')!;
    const run = host.runOverRemoting.bind(host);
    host.runOverRemoting = ((...args: Parameters<typeof run>) => (ran.push(args[0]), run(...args))) as typeof run;
    try {
      const reads = await session.invoke([
        { script: 'ops/registry-read', input: { items: big } },
        { script: 'ops/registry-read', input: { items: items(40) } },
        { script: 'ops/host-info', input: {} },
      ]);
      expect(JSON.parse(reads[1]!).values).toHaveLength(40);
      expect(JSON.parse(reads[2]!).computerName).toBe('WS-ACCT-042');
      expect(ran).toEqual(['ops/registry-read', 'ops/registry-read', 'ops/registry-read', 'ops/host-info']);
      // A write the host refuses with a long message (an answer that fits alone, not beside the big read).
      ran.length = 0;
      const calls = t.calls;
      const writes = await session.invoke([
        { script: 'ops/registry-read', input: { items: big } },
        {
          script: 'ops/registry-write',
          input: { items: [{ key: 'HKLM\\SOFTWARE\\RdpDoctorTest', name: 'x', value: { type: random(250), data: 1 } }] },
        },
        { script: 'ops/host-info', input: {} },
      ]);
      console.log(`read + change + read: ${t.calls - calls} Run Commands, answers ${t.packedSizes.slice(calls - t.calls).join(' + ')}`);
      expect(ran).toEqual(['ops/registry-read', 'ops/registry-write', 'ops/host-info']);
      expect(JSON.parse(writes[1]!)).toMatchObject({
        error: {
          type: 'RunCommandOutputTooLarge',
          message: expect.stringMatching(
            /^ops\/registry-write ran on the VM, but its answer \(.*not sent again because it changes the host/,
          ),
        },
      });
      expect(JSON.parse(writes[2]!).computerName).toBe('WS-ACCT-042');
      expect(isReadOnlyScript('ops/registry-read')).toBe(true);
      for (const change of [
        'ops/registry-write',
        'ops/acl-set',
        'checks/host/session-limits/session-logoff',
        'checks/host/user-rights/rdu-member',
      ])
        expect(isReadOnlyScript(change), change).toBe(false);
    } finally {
      host.runOverRemoting = run;
    }
  });

  it('output before the answer is cut at 4,096 bytes by Azure; the answer at the end survives', async () => {
    const noisy = await startRunCommandEndpoint(new Map([['vm-n', SimulatedHost.open({ scenario: 'healthy' })]]), {
      noise: 'WARNING: '.repeat(800) + '\n',
    });
    try {
      const agent = new Agent({ ca: noisy.cert });
      const trust: PipelinePolicy = { name: 'loopback-ca', sendRequest: (req, next) => ((req.agent = agent), next(req)) };
      const t = new RunCommandTransport({
        resourceId: vmId('vm-n'),
        credential,
        clientOptions: { endpoint: noisy.url, additionalPolicies: [{ policy: trust, position: 'perCall' }] },
        pollIntervalMs: 5,
      });
      const [out] = await (await t.connect()).invoke([{ script: 'ops/host-info', input: {} }]);
      expect(JSON.parse(out!).computerName).toBe('WS-ACCT-042');
      expect(noisy.stats.cut).toBe(1);
    } finally {
      await noisy.close();
    }
  });
});

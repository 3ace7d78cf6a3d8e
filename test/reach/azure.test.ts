// Azure Run Command with the real @azure/arm-compute client and a test credential, against a loopback HTTPS
// endpoint that implements the Run Command long-running operation, its one-at-a-time conflict and its
// 4,096-byte output cut, running the batches on simulated hosts.
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { allChecks, findCheck } from '../../electron/engine/checks';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import { hostRefOf } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { RunCommandTransport } from '../../electron/reach/azure/run-command-transport';
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

beforeAll(async () => {
  hosts.set('vm-keys', SimulatedHost.open({ scenario: 'machinekeys-acl' }));
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
  it('MachineKeys repair of an Azure VM end to end: fixed, then rolled back to the exact prior state', async () => {
    const vm = await open('vm-keys');
    expect(vm.info.remote).toMatchObject({ via: 'azure-run-command' });
    expect(vm.host.identity!.vmId).toMatch(/^[0-9a-f-]{36}$/);
    const check = findCheck('host.machinekeys')!;
    const before = vm.state();
    const { finding } = await evaluate(check, vm.ctx());
    expect(finding.status).toBe('fail');
    const fixId = finding.fixes.find((f) => !f.disabledReason)!.id;
    const applied = await applyFixOverLink(check, fixId, vm.ctx(), vm.journal, hostRefOf(vm.host), { confirmed: true });
    expect(applied.finding.status, applied.finding.verdict).toBe('pass');
    const rolled = await rollbackOverLink(applied.entry, check, vm.ctx(), vm.journal);
    expect(rolled.entry.state).toBe('rolled-back');
    expect(vm.state()).toBe(before);
    expect(endpoint.stats.polls).toBeGreaterThan(0);
  });

  it('certificate renewal of an Azure VM end to end', async () => {
    const vm = await open('vm-cert');
    const check = findCheck('host.certificate')!;
    const applied = await applyFixOverLink(check, 'renew-certificate', vm.ctx(), vm.journal, hostRefOf(vm.host), { confirmed: true });
    expect(applied.finding.status, applied.finding.verdict).toBe('pass');
    expect(applied.entry.host.identity).toBe(vm.host.identityKey);
  });

  it('a whole diagnosis is one Run Command within the 4,096-byte output; a batch that does not fit is a clear error', async () => {
    const vm = await open('vm-diag');
    const before = vm.t.calls;
    const batchesBefore = vm.host.batches;
    const { diagnosis } = await diagnoseAcross(
      allChecks.filter((c) => c.side === 'host'),
      { local: hosts.get('vm-busy')!, remote: vm.host },
      null,
    );
    expect(diagnosis.findings.filter((f) => f.status === 'error').map((f) => `${f.id}: ${f.verdict}`)).toEqual([]);
    expect(diagnosis.findings.filter((f) => f.status === 'fail' || f.status === 'warn').length).toBeGreaterThanOrEqual(3);
    console.log(
      `Azure diagnosis: ${vm.t.calls - before} Run Command(s) for ${vm.host.batches - batchesBefore} batch(es), answer ${vm.t.lastPackedSize} of 3,900 characters`,
    );
    expect(vm.t.calls - before).toBe(1);
    expect(vm.host.batches - batchesBefore).toBe(1);
    expect(vm.t.lastPackedSize).toBeGreaterThan(0);
    expect(vm.t.lastPackedSize).toBeLessThanOrEqual(3900);
    // Calls whose answers together exceed the budget: one Run Command, then an error naming what did not fit.
    const session = await vm.t.connect();
    const random = () => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    const calls = Array.from({ length: 6 }, (_, k) => ({
      script: 'ops/registry-read',
      input: { items: Array.from({ length: 30 }, (_, i) => ({ key: `HKLM\\SOFTWARE\\T${k}\\${i}${random()}`, name: random() })) },
    }));
    const sent = vm.t.calls;
    const refused = await session.invoke(calls).catch((err: unknown) => err);
    expect(refused).toMatchObject({ failure: 'azure-output-too-large' });
    expect(String(refused)).toMatch(/[1-5] of 6 answers fit in Run Command's 4,096-byte output.*from ops\/registry-read on/);
    expect(vm.t.calls - sent).toBe(1);
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

  it('an answer that cannot fit even alone gets a clear error, not a truncated result', async () => {
    const t = transport('vm-busy');
    const session = await t.connect();
    const items = Array.from({ length: 300 }, (_, i) => ({
      key: `HKLM\\SOFTWARE\\RdpDoctorTest\\${i}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
      name: Math.random().toString(36).slice(2),
    }));
    await expect(session.invoke([{ script: 'ops/registry-read', input: { items } }])).rejects.toMatchObject({
      failure: 'azure-output-too-large',
    });
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

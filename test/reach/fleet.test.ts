// `rdp-doctor fleet` through the real CLI bundle over simulated hosts, and the Windows fan-out path with a
// stand-in for the helpdesk PC's PowerShell (the command it sends, and how per-host answers and failures land).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFleetFile } from '../../electron/reach/fleet/fleet-file';
import { runFleet } from '../../electron/reach/fleet/run-fleet';
import { WinrmFanOut } from '../../electron/reach/fleet/fleet-winrm';
import { checkFanOutNames } from '../../electron/reach/fleet/fleet-reach';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { terminalSafeStderr } from '../../electron/cli/terminal-safe';
import { lintSource, libraryFunctions } from '../../electron/tools/ps-lint';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const FILE = [
  '# mixed fleet',
  'pc-001',
  'pc-002 scenario=expired-cert',
  'pc-003 scenario=winrm-off',
  '',
  'pc-004 scenario=rdp-disabled',
  'pc-005 scenario=winrm-access-denied',
  'pc-006 scenario=multi-fault',
  'vm-7,azure:/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7 scenario=machinekeys-acl',
].join('\n');

describe('rdp-doctor fleet --simulate', () => {
  it('--json: each host with its failed checks; winrm-off unreachable with the management path named; exit 1', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, FILE);
    const r = await runCli(['fleet', file, '--simulate', '--json', '--report', path.join(dir, 'fleet.html')], {
      env: { RDP_DOCTOR_SIM_LATENCY_MS: '2', RDP_DOCTOR_HOME: dir },
    });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      hosts: { name: string; status: string; failed: string[]; causes: { title: string; checkId: string; evidence: string[] }[] }[];
    };
    expect(Object.keys(doc)).toEqual(['hosts']);
    for (const h of doc.hosts) expect(Object.keys(h)).toEqual(['name', 'status', 'failed', 'causes']);
    const by = Object.fromEntries(doc.hosts.map((h) => [h.name, h]));
    expect(doc.hosts.map((h) => h.name)).toEqual(['pc-001', 'pc-002', 'pc-003', 'pc-004', 'pc-005', 'pc-006', 'vm-7']);
    expect(by['pc-001']).toMatchObject({ status: 'ok', failed: [], causes: [] });
    // The client probe runs in simulation too (loopback responders): the expired certificate shows on both sides.
    expect(by['pc-002']).toMatchObject({ status: 'problems', failed: ['client.tls-certificate', 'host.certificate'] });
    expect(by['pc-002']!.causes[0]!.checkId).toBe('host.certificate');
    expect(by['pc-003']!.status).toBe('unreachable');
    expect(by['pc-003']!.causes[0]!.title).toMatch(/WinRM does not answer \(winrm-port-closed over simulated-winrm\)/);
    expect(by['pc-003']!.causes[0]!.evidence.join(' ')).toMatch(/5985.*refused.*Enable-PSRemoting/);
    expect(by['pc-004']!.failed.sort()).toEqual(['client.tcp', 'host.listener', 'host.rdp-enabled']);
    expect(by['pc-005']).toMatchObject({ status: 'unreachable' });
    expect(by['pc-005']!.causes[0]!.title).toMatch(/Access denied/);
    expect(by['pc-006']!.failed.length).toBeGreaterThanOrEqual(3);
    // The azure: line went through Run Command (simulated VM) and its MachineKeys fault was found there.
    expect(by['vm-7']!.failed).toContain('host.machinekeys');
    expect(r.stderr).toMatch(/fleet: 7\/7 hosts, 6 not ok/);
  });

  it('all healthy: exit 0; the table and the report by top cause', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, 'pc-001\npc-002\npc-003 scenario=expired-cert\npc-004 scenario=expired-cert\n');
    const r = await runCli(['fleet', file, '--simulate'], { env: { RDP_DOCTOR_SIM_LATENCY_MS: '1' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/pc-003\s+PROBLEMS\s+client\.tls-certificate, host\.certificate/);
    expect(r.stdout).toMatch(
      /Hosts by top cause:\n\s+2\s+PROBLEMS\s+The self-signed RDP certificate expired[^\n]*\n\s+pc-003, pc-004\n\s+2\s+ok\s+no problem found/,
    );
    writeFileSync(file, 'pc-001\npc-002\n');
    const ok = await runCli(['fleet', file, '--simulate'], { env: { RDP_DOCTOR_SIM_LATENCY_MS: '1' } });
    expect(ok.code).toBe(0);
  });

  it('a bad line is refused with its line number and the expected form, before anything runs', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, 'pc-001\npc-002; rm -rf /\n');
    const r = await runCli(['fleet', file, '--simulate', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.field).toBe('hosts.txt line 2'.replace('hosts.txt', file));
    expect(() => parseFleetFile('pc-1,azure:/subscriptions/x', 'f')).toThrow(/f line 1: .*not a VM resource id/);
    expect(
      parseFleetFile(
        'vm-1,azure:/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1',
        'f',
      )[0]!.azureVm,
    ).toMatch(/virtualMachines\/vm-1$/);
  });

  it('a scenario that does not exist is bad input on its line (exit 2), not an internal error', async () => {
    const file = path.join(tempDir(), 'hosts.txt');
    writeFileSync(file, 'pc-1 scenario=healthy\npc-2 scenario=nope\n');
    const r = await runCli(['fleet', file, '--simulate', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'bad-input',
      field: `${file} line 2`,
      message: expect.stringMatching(/"nope" does not exist/),
    });
  });
});

describe('WinRM fan-out (Windows path)', () => {
  it('one Invoke-Command -ComputerName over all hosts per stage; failures named per host', async () => {
    const sent: string[] = [];
    // Stands in for the helpdesk PC's PowerShell: pc-001 answers every call from a simulated host, pc-002 is refused.
    const sim = SimulatedHost.open({ scenario: 'expired-cert' });
    const shell = {
      invoke: async (command: string) => {
        sent.push(command);
        const data = JSON.parse(Buffer.from(/^\$rdData = '([^']*)'$/m.exec(command)![1]!, 'base64').toString()) as {
          payload: string;
          computers: string[];
        };
        const payload = JSON.parse(Buffer.from(data.payload, 'base64').toString()) as {
          hosts: { key: string; calls: { script: string; input: string }[] }[];
        };
        const mine = payload.hosts.find((h) => h.key === 'pc-001');
        const results: string[] = [];
        for (const c of mine?.calls ?? []) {
          const { z } = await import('zod');
          results.push(JSON.stringify(await sim.run(c.script, JSON.parse(Buffer.from(c.input, 'base64').toString()), z.unknown())));
        }
        const hosts = mine ? [{ name: 'pc-001', output: JSON.stringify({ key: 'pc-001', results }) }] : [];
        const failed = data.computers.includes('pc-002')
          ? [{ name: 'pc-002', message: 'Access is denied.', type: 'AccessDenied,PSSessionStateBroken' }]
          : [];
        return { raw: JSON.stringify({ ok: true, hosts, failed }), hadErrors: false };
      },
      dispose: async () => undefined,
    };
    const fan = new WinrmFanOut({ https: false, shell: async () => shell, workDir: tempDir(), gatherMs: 5 });
    const lines = parseFleetFile('pc-001\npc-002\n', 'f');
    const reach = {
      local: SimulatedHost.open({ scenario: 'healthy' }),
      probe: false,
      transportFor: (l: { name: string }) => ({ ...fan.transport(l.name), preflight: async () => [] }),
    };
    const rows = await runFleet(lines, reach, { concurrency: 8 });
    expect(rows[0]).toMatchObject({ name: 'pc-001', status: 'problems', failed: ['host.certificate'] });
    expect(rows[1]).toMatchObject({ name: 'pc-002', status: 'unreachable' });
    expect(rows[1]!.causes[0]!.title).toMatch(/Access denied/);
    // A few fan-out commands for the whole fleet (one per stage of the diagnosis), each over both hosts.
    expect(sent.length).toBeLessThanOrEqual(6);
    // Two DNS names with one NetBIOS name would pick each other's calls: refused before anything runs.
    expect(() => checkFanOutNames(parseFleetFile('pc-001.corp.example\npc-001.lab.example\n', 'f'))).toThrow(
      /share the computer name PC-001/,
    );
    const libFunctions = libraryFunctions(path.resolve('electron/engine'));
    for (const c of sent) {
      expect(c).toMatch(/Invoke-Command -ComputerName \$rdNames -Port 5985 -ThrottleLimit \(\[int\]\$rdArgs\.throttle\) -FilePath/);
      expect(lintSource(c, { role: 'lib', libFunctions })).toEqual([]);
    }
  });
});

describe('the fleet progress line on a terminal', () => {
  it('keeps its own carriage return (the line rewrites itself), while anything else is made inert', () => {
    expect(terminalSafeStderr('\rfleet: 3/10 hosts, 1 not ok')).toBe('\rfleet: 3/10 hosts, 1 not ok');
    expect(terminalSafeStderr('\rfleet: 10/10 hosts, 1 not ok\n')).toBe('\rfleet: 10/10 hosts, 1 not ok\n');
    expect(terminalSafeStderr('\rfleet: pc-1\u001b[2J')).toBe('\\u000dfleet: pc-1\\u001b[2J');
  });
});

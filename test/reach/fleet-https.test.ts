// `https` per host in a fleet file: a line may say https/http and/or port=5986/5985; the CLI's --https stays
// the default for the lines that say neither.
import { describe, expect, it } from 'vitest';
import { parseFleetFile } from '../../electron/reach/fleet/fleet-file';
import { openFleetReach } from '../../electron/reach/fleet/fleet-reach';
import { runFleet } from '../../electron/reach/fleet/run-fleet';

const VM = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1';

describe('fleet file: https per host', () => {
  it('https, http, port=5986 and port=5985 set the line; a line without any takes the default', () => {
    const lines = parseFleetFile('pc-1 https\npc-2 port=5986 scenario=healthy\npc-3 http\npc-4 scenario=healthy port=5985\npc-5\n', 'f');
    expect(lines.map((l) => l.https)).toEqual([true, true, false, false, null]);
    expect(lines[1]!.scenario).toBe('healthy');
  });

  it('contradictions and unknown options are refused with the line and the expected form', () => {
    expect(() => parseFleetFile('pc-1 https port=5985', 'f')).toThrow(
      /f line 1: https with port=5985: HTTPS is port=5986, HTTP is port=5985/,
    );
    expect(() => parseFleetFile('pc-1\npc-2 port=443', 'f')).toThrow(/f line 2: "port=443" is not a WinRM port/);
    expect(() => parseFleetFile('pc-1 https https', 'f')).toThrow(/once/);
    expect(() => parseFleetFile('pc-1 ssl', 'f')).toThrow(/"ssl" is not an option \(https, http, port=5986, port=5985 or scenario=ID\)/);
    expect(() => parseFleetFile(`vm-1,azure:${VM} https`, 'f')).toThrow(/azure: line goes through Run Command/);
  });

  it('each host is reached over its own protocol: an HTTPS line meets the host without an HTTPS listener', async () => {
    // The simulated healthy host has WinRM on HTTP only (no WINRM-HTTPS-In-TCP rule, no 5986 listener).
    const lines = parseFleetFile('pc-1 https\npc-2\npc-3 http\n', 'f');
    const rows = async (https: boolean) => {
      const reach = openFleetReach(lines, { simulate: true, https, probe: false, env: {}, latencyMs: 0 });
      try {
        return await runFleet(lines, reach, { concurrency: 4 });
      } finally {
        await reach.close();
      }
    };
    const byDefaultHttp = await rows(false);
    expect(byDefaultHttp.map((r) => r.status)).toEqual(['unreachable', 'ok', 'ok']);
    expect(byDefaultHttp[0]!.causes[0]!.evidence[0]).toMatch(/TCP 5986: connection refused/);
    // --https for all: pc-2 follows it, pc-3 keeps its own http.
    const byDefaultHttps = await rows(true);
    expect(byDefaultHttps.map((r) => r.status)).toEqual(['unreachable', 'unreachable', 'ok']);
  });
});

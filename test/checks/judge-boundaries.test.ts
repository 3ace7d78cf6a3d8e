// Table-driven boundaries of the checks' judgements, through the simulated host: a healthy Windows state is
// changed in one place (a date one second either side of a limit, one service stopped, one firewall port
// text), the check runs, and its status must be what Windows' documented behaviour implies. Each table row
// is one realistic mistake away from a different status: a moved boundary, a swapped role, a port list
// read as a single number.
import { describe, expect, it } from 'vitest';
import { openSim, type Sim } from '../support/sim';
import type { WinState } from '../../electron/hosts/simulated/state';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const SECOND = 1000;
const DAY = 86_400_000;
const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const RULE_TCP = 'RemoteDesktop-UserMode-In-TCP';

async function statusAfter(checkId: string, change: (s: WinState) => void, scenario = 'healthy'): Promise<{ status: string; verdict: string }> {
  const sim: Sim = await openSim(scenario);
  sim.host.state.clock.now = new Date(NOW).toISOString();
  change(sim.host.state);
  const f = await sim.check(checkId);
  return { status: f.status, verdict: f.verdict };
}

const iso = (ms: number) => new Date(ms).toISOString();

function rdpCerts(s: WinState) {
  return Object.values(s.certificates['Remote Desktop']!);
}

describe('host.certificate: validity dates and the 14-day margin', () => {
  // [what, notBefore, notAfter, expected]
  const rows: Array<[string, number, number, string]> = [
    ['plenty of time left', NOW - 30 * DAY, NOW + 150 * DAY, 'pass'],
    ['exactly 14 days left', NOW - 30 * DAY, NOW + 14 * DAY, 'pass'],
    ['14 days left less one second (13 whole days)', NOW - 30 * DAY, NOW + 14 * DAY - SECOND, 'warn'],
    ['13 days left', NOW - 30 * DAY, NOW + 13 * DAY, 'warn'],
    ['one second left', NOW - 30 * DAY, NOW + SECOND, 'warn'],
    ['expires this instant', NOW - 30 * DAY, NOW, 'fail'],
    ['expired a second ago', NOW - 30 * DAY, NOW - SECOND, 'fail'],
    ['not valid until a second from now', NOW + SECOND, NOW + 150 * DAY, 'fail'],
    ['not valid until tomorrow', NOW + DAY, NOW + 150 * DAY, 'fail'],
    ['valid from this instant', NOW, NOW + 150 * DAY, 'pass'],
  ];
  for (const [what, notBefore, notAfter, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await statusAfter('host.certificate', (s) => {
        for (const c of rdpCerts(s)) Object.assign(c, { notBefore: iso(notBefore), notAfter: iso(notAfter) });
      });
      expect(r.status, r.verdict).toBe(expected);
      if (notBefore > NOW) expect(r.verdict).toMatch(/not valid before|not yet valid/i);
    });
  }

  it('a certificate without its private key fails', async () => {
    const r = await statusAfter('host.certificate', (s) => {
      for (const c of rdpCerts(s)) c.hasPrivateKey = false;
    });
    expect(r.status, r.verdict).toBe('fail');
  });
});

describe('host.service: TermService is essential, SessionEnv and UmRdpService are helpers', () => {
  // Stopping TermService stops Remote Desktop (fail); a helper down only degrades it (warn).
  const rows: Array<[string, 'stopped' | 'disabled-running' | 'missing', string]> = [
    ['TermService', 'stopped', 'fail'],
    ['TermService', 'missing', 'fail'],
    ['TermService', 'disabled-running', 'warn'],
    ['SessionEnv', 'stopped', 'warn'],
    ['SessionEnv', 'missing', 'warn'],
    ['SessionEnv', 'disabled-running', 'warn'],
    ['UmRdpService', 'stopped', 'warn'],
    ['UmRdpService', 'missing', 'warn'],
    ['UmRdpService', 'disabled-running', 'warn'],
  ];
  for (const [name, how, expected] of rows) {
    it(`${name} ${how}: ${expected}`, async () => {
      const r = await statusAfter('host.service', (s) => {
        if (how === 'missing') delete s.services[name];
        else if (how === 'stopped') Object.assign(s.services[name]!, { status: 'Stopped', processId: null });
        else s.services[name]!.startType = 'Disabled';
      });
      expect(r.status, r.verdict).toBe(expected);
      expect(r.verdict).toContain(name);
    });
  }

  it('all three running: pass', async () => {
    expect((await statusAfter('host.service', () => undefined)).status).toBe('pass');
  });
});

describe('host.firewall and host.port: port ranges, lists and Any cover the listening port', () => {
  // LocalPort text of the Remote Desktop (TCP-In) rule, the listening PortNumber, and whether it is covered
  // (Windows Firewall LocalPort: a number, a range a-b, a comma list of those, or Any).
  const rows: Array<[string, number, boolean]> = [
    ['3389', 3389, true],
    ['3389-3390', 3389, true],
    ['3388-3389', 3389, true],
    ['3389-3390', 3390, true],
    ['3389,3390', 3389, true],
    ['3390,3389', 3389, true],
    ['3390, 3389', 3389, true],
    ['80,3380-3400', 3389, true],
    ['Any', 3389, true],
    ['Any', 50000, true],
    ['3390', 3389, false],
    ['3390-3400', 3389, false],
    ['3380-3388', 3389, false],
    ['3388,3390', 3389, false],
    ['33890', 3389, false],
    ['3389', 3390, false],
  ];
  for (const [localPort, port, covered] of rows) {
    for (const checkId of ['host.firewall', 'host.port']) {
      it(`${checkId}: rule port "${localPort}", listening on ${port}: ${covered ? 'pass' : 'fail'}`, async () => {
        const r = await statusAfter(checkId, (s) => {
          s.firewall.rules[RULE_TCP]!.localPort = localPort;
          s.registry[RDP_TCP]!.PortNumber = { type: 'REG_DWORD', data: port };
        });
        expect(r.status, r.verdict).toBe(covered ? 'pass' : 'fail');
      });
    }
  }

  // An inbound block rule covering the port wins over every allow rule.
  const blocks: Array<[string, boolean]> = [
    ['3389', true],
    ['3389-3390', true],
    ['3000-4000', true],
    ['3389,3390', true],
    ['443,3389', true],
    ['Any', true],
    ['3390-3400', false],
    ['443,3390', false],
  ];
  for (const [localPort, blocks3389] of blocks) {
    it(`host.firewall: a block rule on "${localPort}" ${blocks3389 ? 'blocks' : 'does not block'} port 3389`, async () => {
      const r = await statusAfter('host.firewall', (s) => {
        s.firewall.rules['Block-Test'] = {
          displayName: 'Block test',
          group: '',
          enabled: true,
          direction: 'Inbound',
          action: 'Block',
          protocol: 'TCP',
          localPort,
          profile: 'Any',
        };
      });
      expect(r.status, r.verdict).toBe(blocks3389 ? 'fail' : 'pass');
    });
  }
});

// The fleet runs each host's client probe in simulation too: the real probe code against a loopback RDP
// responder per simulated host (127.0.0.1 only) that answers X.224 and TLS from that host's state; the causes
// are ranked across both sides.
import { afterAll, describe, expect, it } from 'vitest';
import { openFleetReach, type OpenedFleetReach } from '../../electron/reach/fleet/fleet-reach';
import type { FleetLine } from '../../electron/reach/fleet/fleet-file';
import { runFleet } from '../../electron/reach/fleet/run-fleet';
import { TS_KEY } from '../../electron/hosts/simulated/state';

const SCENARIOS = ['healthy', 'rdp-disabled', 'expired-cert', 'security-layer-rdp', 'tls12-disabled', 'firewall-blocked', 'winrm-off'];
const lines: FleetLine[] = SCENARIOS.map((scenario, i) => ({ line: i + 1, name: `pc-${scenario}`, azureVm: null, scenario, https: null }));
const opened: OpenedFleetReach[] = [];
afterAll(async () => Promise.all(opened.map((r) => r.close())));

function open(probe: boolean) {
  const reach = openFleetReach(lines, { simulate: true, https: false, probe, env: {}, latencyMs: 0 });
  opened.push(reach);
  return reach;
}

const client = (failed: string[]) => failed.filter((id) => id.startsWith('client.')).sort();

describe('fleet --simulate runs the client probe against loopback RDP responders', () => {
  it("each host's probe answers from its own state, and the causes are ranked across both sides", async () => {
    const rows = await runFleet(lines, open(true), { concurrency: 8 });
    const by = Object.fromEntries(rows.map((r) => [r.name.replace(/^pc-/, ''), r]));
    expect(by['healthy']).toMatchObject({ status: 'ok', failed: [] });
    // Nothing listens (RDP off; the firewall drops port 3389): the TCP connect is refused.
    expect(client(by['rdp-disabled']!.failed)).toEqual(['client.tcp']);
    expect(client(by['firewall-blocked']!.failed)).toEqual(['client.tcp']);
    // The listener answers X.224 with SSL_NOT_ALLOWED_BY_SERVER (SecurityLayer 0).
    expect(client(by['security-layer-rdp']!.failed)).toEqual(['client.rdp-negotiation']);
    // TLS presents the host's expired self-signed certificate; with TLS 1.2 off there is no TLS at all.
    expect(client(by['expired-cert']!.failed)).toEqual(['client.tls-certificate']);
    expect(client(by['tls12-disabled']!.failed)).toEqual(['client.tls-certificate']);
    const sides = new Set(by['expired-cert']!.causes.map((c) => c.checkId.split('.')[0]));
    expect([...sides].sort()).toEqual(['client', 'host']);
    expect(by['winrm-off']!.status).toBe('unreachable');
  });

  it('only 127.0.0.1, and only in simulation; a host whose state changes answers differently', async () => {
    const reach = open(true);
    const resolved = await reach.resolver!('pc-healthy', 3389);
    expect(resolved.dns.lookup.addresses).toEqual(['127.0.0.1']);
    expect(resolved.port).not.toBe(3389);
    expect((await reach.resolver!('pc-nowhere', 3389)).dns.lookup.error).toBe('ENOTFOUND');
    // Turn Remote Desktop on for the rdp-disabled host (as its fix does): its probe now passes.
    const sim = reach.link!.host('pc-rdp-disabled')!;
    sim.state.registry[TS_KEY]!['fDenyTSConnections'] = { type: 'REG_DWORD', data: 0 };
    const [row] = await runFleet([lines[1]!], reach, { concurrency: 1 });
    expect(client(row!.failed)).toEqual([]);
    // Without --probe nothing is resolved and no client check runs.
    const off = open(false);
    expect(off.resolver).toBeUndefined();
    const rows = await runFleet(lines, off, { concurrency: 8 });
    expect(rows.flatMap((r) => client(r.failed))).toEqual([]);
  });
});

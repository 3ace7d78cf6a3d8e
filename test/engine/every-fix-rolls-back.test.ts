// Every fix any check declares is applied somewhere and held to its rollback: on every scenario, on every
// scenario after each of its offered fixes (a downgrade's own revert is offered only then), and on a few
// one-setting changes of the healthy host for the fixes no scenario needs. For each offered fix: the host
// changes; a reversible fix rolls back to the exact prior state (deep equality of the whole simulated host)
// and its check gets its status back; an irreversible one refuses rollback and keeps what it replaced in the
// journal. A fix that no situation offers fails the last test: a new fix must come with its round trip.
import { describe, expect, it } from 'vitest';
import { allChecks, findCheck } from '../../electron/engine/checks';
import { listScenarios } from '../../electron/hosts/simulated/scenarios';
import { openSim, type Sim } from '../support/sim';

const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const CREDSSP = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
const MACHINEKEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const RDPCLIENT_LOG = 'Microsoft-Windows-TerminalServices-RDPClient/Operational';

interface Situation {
  name: string;
  scenario: string;
  setup(sim: Sim): Promise<void>;
}

const none = async () => undefined;

/** One setting away from healthy, each the documented trigger of a fix no scenario offers. */
const EXTRA: Situation[] = [
  {
    name: 'healthy, listener RDP-Tcp disabled (fEnableWinStation 0)',
    scenario: 'healthy',
    setup: async (sim) => {
      sim.host.state.registry[RDP_TCP]!.fEnableWinStation = { type: 'REG_DWORD', data: 0 };
    },
  },
  {
    name: 'healthy, CredSSP left at Vulnerable (AllowEncryptionOracle 2) with no unpatched host seen',
    scenario: 'healthy',
    setup: async (sim) => {
      (sim.host.state.registry[CREDSSP] ??= {}).AllowEncryptionOracle = { type: 'REG_DWORD', data: 2 };
    },
  },
  {
    name: 'healthy, NLA off (UserAuthentication 0) for a client that can do CredSSP',
    scenario: 'healthy',
    setup: async (sim) => {
      sim.host.state.registry[RDP_TCP]!.UserAuthentication = { type: 'REG_DWORD', data: 0 };
    },
  },
  {
    name: 'healthy, the adapter fell back to an APIPA address (169.254.x.x)',
    scenario: 'healthy',
    setup: async (sim) => {
      sim.host.state.adapters.Ethernet!.ipv4 = ['169.254.17.203'];
    },
  },
  {
    name: 'service-stopped, with the stopped services also Disabled (a hardening baseline)',
    scenario: 'service-stopped',
    setup: async (sim) => {
      for (const svc of Object.values(sim.host.state.services)) if (svc.status === 'Stopped') svc.startType = 'Disabled';
    },
  },
  {
    name: 'machinekeys-acl, with the folder still owned by Administrators (no ownership to take)',
    scenario: 'machinekeys-acl',
    setup: async (sim) => {
      sim.host.state.files[MACHINEKEYS]!.owner = 'BUILTIN\\Administrators';
    },
  },
  {
    name: 'healthy, a client that cannot do TLS',
    scenario: 'healthy',
    setup: async (sim) => {
      sim.host.state.client.supportsTLS = false;
    },
  },
  {
    name: 'healthy, a connection lost after UDP was set up',
    scenario: 'healthy',
    setup: async (sim) => {
      const at = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
      const base = { log: RDPCLIENT_LOG, provider: 'Microsoft-Windows-TerminalServices-ClientActiveXCore', level: 'Information' as const };
      sim.host.state.events.push(
        { ...base, id: 1103, time: at(3), message: 'The client has established a multi-transport connection to the server.' },
        { ...base, id: 1026, time: at(2), message: 'RDP ClientActiveX has been disconnected (Reason= 2308)' },
      );
    },
  },
];

async function offeredIn(s: Situation): Promise<Array<{ checkId: string; fixId: string; status: string }>> {
  const sim = await openSim(s.scenario);
  await s.setup(sim);
  return (await sim.all()).flatMap((f) =>
    f.fixes.filter((x) => !x.disabledReason).map((x) => ({ checkId: f.id, fixId: x.id, status: f.status })),
  );
}

async function situations(): Promise<Situation[]> {
  const out: Situation[] = [];
  for (const { name } of listScenarios()) {
    const base: Situation = { name, scenario: name, setup: none };
    out.push(base);
    for (const o of await offeredIn(base)) {
      out.push({
        name: `${name} after ${o.checkId}/${o.fixId}`,
        scenario: name,
        setup: async (sim) => void (await sim.fix(o.checkId, o.fixId, true)),
      });
    }
  }
  return [...out, ...EXTRA];
}

const covered = new Set<string>();
/**
 * Fixes whose trigger is a probe result, not host state: no target is given here (the probe would resolve a
 * name through the network), so they are round-tripped where a loopback probe is staged.
 */
const ELSEWHERE: Record<string, string> = { 'client.dns/flush-dns': 'test/checks/client-dns-flush.test.ts' };

describe('every fix, in every situation that offers it', async () => {
  for (const s of await situations()) {
    it(`${s.name}: each offered fix changes the host and rolls back exactly (or refuses to)`, async () => {
      for (const o of await offeredIn(s)) {
        const where = `${s.name}: ${o.checkId}/${o.fixId}`;
        const sim = await openSim(s.scenario);
        await s.setup(sim);
        const before = sim.snapshotState();
        const applied = await sim.fix(o.checkId, o.fixId, true);
        covered.add(`${o.checkId}/${o.fixId}`);
        expect(applied.entry.snapshot, `${where}: the journal keeps what it replaced`).toBeTruthy();
        if (!findCheck(o.checkId)!.fixes.find((f) => f.id === o.fixId)!.reversible) {
          // Irreversible fixes may be idempotent (a DNS flush on an empty cache); they must refuse rollback.
          await expect(sim.rollback(applied.entry.id), where).rejects.toThrow(/cannot be undone/);
          continue;
        }
        // A reversible fix that changed nothing would pass its rollback trivially.
        expect(sim.snapshotState(), `${where} changed nothing`).not.toEqual(before);
        const rolled = await sim.rollback(applied.entry.id);
        expect(rolled.entry.state, where).toBe('rolled-back');
        expect(sim.snapshotState(), `${where}: rollback`).toEqual(before);
        expect((await sim.check(o.checkId)).status, `${where}: status after rollback`).toBe(o.status);
      }
    });
  }

  it('covers every fix any check declares', () => {
    const declared = allChecks.flatMap((c) => c.fixes.map((f) => `${c.id}/${f.id}`)).filter((id) => !ELSEWHERE[id]);
    expect(
      declared.filter((id) => !covered.has(id)),
      'fixes no situation offers (add a scenario or an EXTRA situation)',
    ).toEqual([]);
  });
});

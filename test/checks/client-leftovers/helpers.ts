// Shared by the client-leftover tests: the check ids, and a round trip on a state mutated before the fix.
import { expect } from 'vitest';
import { openSim } from '../../support/sim';

export const LEFTOVER_IDS = [
  'client.saved-credentials',
  'client.history',
  'client.udp-transport',
  'client.credssp',
  'client.winsock',
  'client.security-software',
  'client.alternative-client',
];

export const TARGET = 'ws-acct-042.corp.example';
export const SERVERS_KEY = `HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers\\${TARGET}`;
export const DEFAULT_KEY = 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Default';
export const CREDSSP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
export const CLIENT_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client';

type Sim = Awaited<ReturnType<typeof openSim>>;

/** Applies a reversible fix, checks it changed something, rolls it back and checks the state is identical. */
export async function roundTrip(sim: Sim, checkId: string, fixId: string) {
  const before = sim.snapshotState();
  const applied = await sim.fix(checkId, fixId);
  expect(applied.entry.state).toBe('applied');
  const afterFix = sim.snapshotState();
  expect(afterFix).not.toEqual(before);
  const rolled = await sim.rollback(applied.entry.id);
  expect(sim.snapshotState()).toEqual(before);
  return { applied, rolled, afterFix };
}

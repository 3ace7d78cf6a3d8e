// Round trips on a simulated host that a test has adjusted first (fixRoundTrip opens a scenario as is).
import { expect } from 'vitest';
import { openSim } from '../../support/sim';

export type Sim = Awaited<ReturnType<typeof openSim>>;

export async function roundTripOn(sim: Sim, checkId: string, fixId: string) {
  const before = sim.snapshotState();
  const findingBefore = await sim.check(checkId);
  const applied = await sim.fix(checkId, fixId);
  const afterFix = sim.snapshotState();
  const rolled = await sim.rollback(applied.entry.id);
  return { before, findingBefore, applied, afterFix, rolled, afterRollback: sim.snapshotState() };
}

/** The fix is listed but disabled for lack of elevation, and trying it changes nothing. */
export async function expectNeedsAdmin(sim: Sim, checkId: string, fixId: string) {
  const f = await sim.check(checkId);
  const offered = f.fixes.find((x) => x.id === fixId);
  expect(offered?.disabledReason).toMatch(/administrator/);
  const before = sim.snapshotState();
  await expect(sim.fix(checkId, fixId)).rejects.toThrow(/administrator/);
  expect(sim.snapshotState()).toEqual(before);
}

export const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
export const TS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
export const TS_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
export const dword = (data: number) => ({ type: 'REG_DWORD' as const, data });

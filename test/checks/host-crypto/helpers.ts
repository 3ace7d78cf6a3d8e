// The round-trip and elevation helpers are host-config's (same engine path); only what differs is here.
import type { WinState } from '../../../electron/hosts/simulated/state';
import { openSim } from '../../support/sim';
import { expectNeedsAdmin as expectNeedsAdminOn } from '../host-config/helpers';

export { roundTripOn } from '../host-config/helpers';

/** Opens the scenario without elevation, then: the fix is disabled with the reason, and refused, changing nothing. */
export async function expectNeedsAdmin(scenario: string, checkId: string, fixId: string): Promise<void> {
  await expectNeedsAdminOn(await openSim(scenario, { elevated: false }), checkId, fixId);
}

/** Drops the simulator's thumbprint counter: its bookkeeping, not Windows state (see machinekeys.test.ts). */
export function withoutCounters(canonical: string): unknown {
  const { counters: _c, ...rest } = JSON.parse(canonical) as WinState;
  return rest;
}

export const parsed = (canonical: string): WinState => JSON.parse(canonical) as WinState;

// The round-trip and elevation helpers live in test/support/sim.ts; only what differs is here.
import type { WinState } from '../../../electron/hosts/simulated/state';
import { expectNeedsAdmin as expectNeedsAdminOn, openSim } from '../../support/sim';

export { roundTripOn } from '../../support/sim';

/** Opens the scenario without elevation, then: the fix is disabled with the reason, and refused, changing nothing. */
export async function expectNeedsAdmin(scenario: string, checkId: string, fixId: string): Promise<void> {
  await expectNeedsAdminOn(await openSim(scenario, { elevated: false }), checkId, fixId);
}

export const parsed = (canonical: string): WinState => JSON.parse(canonical) as WinState;

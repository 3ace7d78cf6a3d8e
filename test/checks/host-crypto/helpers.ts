// The round-trip and elevation helpers are host-config's (same engine path); only what differs is here.
import type { WinState } from '../../../electron/hosts/simulated/state';
import { openSim } from '../../support/sim';
import { expectNeedsAdmin as expectNeedsAdminOn } from '../host-config/helpers';

export { roundTripOn } from '../host-config/helpers';

/** Opens the scenario without elevation, then: the fix is disabled with the reason, and refused, changing nothing. */
export async function expectNeedsAdmin(scenario: string, checkId: string, fixId: string): Promise<void> {
  await expectNeedsAdminOn(await openSim(scenario, { elevated: false }), checkId, fixId);
}

export const parsed = (canonical: string): WinState => JSON.parse(canonical) as WinState;

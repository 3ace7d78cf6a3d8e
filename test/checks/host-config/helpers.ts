// What the host-config tests share beyond test/support/sim.ts: registry paths and a DWORD literal.
export { expectNeedsAdmin, roundTripOn, type Sim } from '../../support/sim';
export { RDP_TCP_KEY as RDP_TCP, TS_KEY as TS, TS_POLICY_KEY as TS_POLICY } from '../../../electron/engine/windows-paths';
export const dword = (data: number) => ({ type: 'REG_DWORD' as const, data });

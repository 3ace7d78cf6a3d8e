import type { Check } from '../../types';

/** Certificate, MachineKeys, Schannel, event log and platform checks. */
export const hostCryptoChecks: Check<any>[] = [];

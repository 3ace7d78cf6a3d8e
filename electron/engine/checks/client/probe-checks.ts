import type { Check } from '../../types';

export const probeChecks: Check<any>[] = [];

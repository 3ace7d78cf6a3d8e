import type { Check } from '../../types';

/** Client-side checks that read this PC's own state (credentials, history, policies, network stack). */
export const clientLeftoverChecks: Check<any>[] = [];

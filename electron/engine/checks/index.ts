// Every check, in the order a connection crosses the layers (CHECKLIST.md). Each group's list lives beside
// its checks; this file only orders them.
import type { Check } from '../types';
import { probeChecks } from './client/probe-checks';
import { clientLeftoverChecks } from './client/leftover-checks';
import { hostConfigChecks } from './host/config-checks';
import { hostCryptoChecks } from './host/crypto-checks';
import { check as hostPowerShell } from './host/powershell/check';

// host.powershell first among the host checks: the runner runs it before all others (see runner.ts).
export const allChecks: Check<any>[] = [...probeChecks, ...clientLeftoverChecks, hostPowerShell, ...hostConfigChecks, ...hostCryptoChecks];

export function findCheck(id: string): Check<any> | undefined {
  return allChecks.find((c) => c.id === id);
}

// Every check, in the order a connection crosses the layers (CHECKLIST.md). Each group's list lives beside
// its checks; this file only orders them.
import type { Check } from '../types';
import { probeChecks } from './client/probe-checks';
import { clientLeftoverChecks } from './client/leftover-checks';
import { hostConfigChecks } from './host/config-checks';
import { hostCryptoChecks } from './host/crypto-checks';
import { hostRefusalChecks } from './host/refusal-checks';

export const allChecks: Check<any>[] = [...probeChecks, ...clientLeftoverChecks, ...hostConfigChecks, ...hostRefusalChecks, ...hostCryptoChecks];

export function findCheck(id: string): Check<any> | undefined {
  return allChecks.find((c) => c.id === id);
}

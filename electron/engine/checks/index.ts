// Every check, in the order a connection crosses them: client side before host side, then by each check's
// declared rank. Which checks exist is generated from the folders checks/<side>/<name>/ (`npm run gen:checks`);
// nothing here lists them by hand.
import { SIDES } from '../../../shared/model';
import type { AnyCheck } from '../types';
import { registeredChecks } from './registry.generated';

function connectionOrder(a: AnyCheck, b: AnyCheck): number {
  return SIDES.indexOf(a.side) - SIDES.indexOf(b.side) || a.rank - b.rank || a.id.localeCompare(b.id);
}

export const allChecks: AnyCheck[] = [...registeredChecks].sort(connectionOrder);

export function findCheck(id: string): AnyCheck | undefined {
  return allChecks.find((c) => c.id === id);
}

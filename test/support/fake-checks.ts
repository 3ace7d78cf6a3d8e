// Checks made up by a test, for the runner and evaluate: they read nothing from the host but what `collect`
// does, and run in a context on a healthy simulated host.
import { createContext } from '../../electron/engine/context';
import type { Check } from '../../electron/engine/types';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';

export const healthyHost = SimulatedHost.open({ scenario: 'healthy' });

export const passes = () => ({ status: 'pass' as const, verdict: 'ok', evidence: [] });

export function fakeCheck(id: string, collect: Check['collect'], judge: Check['judge'] = passes): Check {
  return {
    id,
    side: 'host',
    layer: 'information',
    rank: 0,
    title: id,
    reads: '',
    passWhen: '',
    source: '',
    scripts: [],
    collect,
    judge,
    fixes: [],
  };
}

export async function healthyContext(signal = new AbortController().signal) {
  return createContext(healthyHost, await healthyHost.info(), null, signal);
}

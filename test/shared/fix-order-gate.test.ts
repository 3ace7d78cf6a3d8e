// host.powershell gates every host script: when it cannot run, it is the first thing to fix, under its own
// step, never filed under "Firewall and port" (audit4 G21).
import { describe, expect, it } from 'vitest';
import { PATH_STEPS, problemsInFixOrder } from '../../shared/fix-order';
import type { Finding } from '../../shared/model';
import { makeFinding } from '../support/findings';

const finding = (id: string, side: Finding['side'], layer: Finding['layer'], status: Finding['status']): Finding =>
  makeFinding(id, status, { side, layer });

describe('the script gate in fix order', () => {
  it('comes first, named for what it is, ahead of a network problem and a firewall one', () => {
    const problems = problemsInFixOrder([
      finding('host.firewall', 'host', 'host-configuration', 'fail'),
      finding('client.tcp', 'client', 'network', 'fail'),
      finding('host.powershell', 'host', 'host-configuration', 'error'),
    ]);
    expect(problems.map((p) => p.finding.id)).toEqual(['host.powershell', 'client.tcp', 'host.firewall']);
    expect(PATH_STEPS.find((s) => s.id === problems[0]!.step)?.title).toBe('Running the host checks');
  });
});

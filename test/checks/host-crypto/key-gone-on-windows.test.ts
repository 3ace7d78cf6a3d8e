// On real Windows a vanished private key file shows up only as NTE_BAD_KEYSET (0x80090016) when the script
// opens the key. host.certificate must fail on it (and offer renewal), as it does when the simulator reports
// the missing file directly.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createContext } from '../../../electron/engine/context';
import { evaluate } from '../../../electron/engine/evaluate';
import { findCheck } from '../../../electron/engine/checks';
import type { HostAdapter, RunOptions } from '../../../electron/hosts/host-adapter';
import { SimulatedHost } from '../../../electron/hosts/simulated/simulated-host';
import type { Json } from '../../../shared/model';

function windowsLikeKeyGone(sim: SimulatedHost): HostAdapter {
  return {
    kind: 'simulated',
    info: () => sim.info(),
    flush: () => sim.flush(),
    close: () => sim.close(),
    async run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options?: RunOptions): Promise<z.output<S>> {
      const out = (await sim.run(script, input, schema, options)) as Record<string, unknown>;
      if (script !== 'checks/host/machinekeys/machinekeys') return out as z.output<S>;
      return schema.parse({
        ...out,
        keyFile: null,
        keyNote: 'the private key could not be opened (0x80090016): Keyset does not exist',
      });
    },
  };
}

describe('host.certificate when the key file is gone on Windows', () => {
  it('fails and offers renewal instead of passing a certificate without a usable key', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const host = windowsLikeKeyGone(sim);
    const ctx = createContext(host, await host.info(), null, new AbortController().signal);
    const { finding } = await evaluate(findCheck('host.certificate')!, ctx);
    expect(finding.status).toBe('fail');
    expect(finding.verdict).toMatch(/private key/);
    expect(finding.fixes.map((f) => f.id)).toContain('renew-certificate');
  });
});

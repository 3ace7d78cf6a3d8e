// Review (ops/registry-read): a value that exists as REG_NONE (or another kind the snapshot cannot hold) read as
// { exists: true, type: null }, the snapshot kept it as "not set", and rollback deleted it. A registry fix now
// refuses before it changes anything.
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';

describe('registry fixes: a value of a kind RDP Doctor cannot restore', () => {
  it('set-negotiate refuses when SecurityLayer exists as REG_NONE, and nothing changes', async () => {
    const sim = await openSim('security-layer-rdp');
    const realRun = sim.host.run.bind(sim.host);
    // What registry-read.ps1 prints for a REG_NONE value (Get-RdRegistryValue: type null, data as hex).
    sim.host.run = (async (script, input, schema, options) => {
      const out = await realRun(script, input, schema, options);
      // Only the snapshot's read (exactly the values the fix writes); the check's own read sees SecurityLayer 0.
      if (script !== 'ops/registry-read' || (input as { items: unknown[] }).items.length !== 1) return out;
      const values = (out as { values: { name: string; exists: boolean; type: string | null; data: unknown }[] }).values;
      return { values: values.map((v) => (v.name === 'SecurityLayer' ? { ...v, exists: true, type: null, data: '00' } : v)) };
    }) as typeof sim.host.run;
    const before = sim.snapshotState();
    await expect(sim.fix('host.security-layer', 'set-negotiate')).rejects.toThrow(/registry kind RDP Doctor cannot save and restore/);
    expect(sim.snapshotState()).toBe(before);
  });
});

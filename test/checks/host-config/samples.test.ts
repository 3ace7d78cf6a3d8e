// The fix-only firewall script has no check run to feed it in the contract test: its samples go through the
// same schema here, and the simulator's answer for the same input must have that shape too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FirewallSetOutput } from '../../../electron/engine/ops/firewall';
import { parseScriptOutput } from '../../../electron/hosts/powershell/invocation';
import { openSim } from '../../support/sim';
import { sampleFileOf } from '../../support/samples';

const samples = JSON.parse(readFileSync(sampleFileOf('ops/firewall-rules-set'), 'utf8')).samples as {
  name: string;
  input: { rules: { name: string; enabled: boolean }[] };
  output: unknown;
}[];

describe('ops/firewall-rules-set samples', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const parsed = parseScriptOutput('ops/firewall-rules-set', JSON.stringify(s.output));
    if (!parsed.ok) {
      expect(parsed.message).toMatch(/No MSFT_NetFirewallRule/);
      return;
    }
    expect(FirewallSetOutput.safeParse(parsed.value).success).toBe(true);
    const sim = await openSim('firewall-blocked');
    expect(FirewallSetOutput.parse(await sim.host.run('ops/firewall-rules-set', s.input, FirewallSetOutput))).toEqual(parsed.value);
  });
});

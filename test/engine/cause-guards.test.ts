// Two rules of the cause ranking that a one-line breakage left green: a fact (the information layer: the OS,
// Azure, PowerShell) warning ranks below a configuration warning, and the fix a cause card offers is one the
// technician can run, not the one listed first but disabled.
import { describe, expect, it } from 'vitest';
import type { Finding, Layer } from '../../shared/model';
import { rankCauses } from '../../electron/engine/causes';
import { makeFinding } from '../support/findings';

type OfferedFix = Finding['fixes'][number];

const finding = (id: string, status: Finding['status'], layer: Layer, fixes: Partial<OfferedFix>[] = []): Finding =>
  makeFinding(id, status, { layer, fixes: fixes as OfferedFix[] });

describe('cause ranking guards', () => {
  it('a warning about a fact ranks below a warning about the configuration, whatever the id order', () => {
    const fact = finding('host.azure', 'warn', 'information');
    const config = finding('host.security-layer', 'warn', 'host-configuration');
    const causes = rankCauses([fact, config]);
    expect(causes.map((c) => c.checkId)).toEqual(['host.security-layer', 'host.azure']);
    expect(causes[0]!.confidence).toBeGreaterThan(causes[1]!.confidence);
  });

  it('the cause offers the first fix that is not disabled, and the disabled one only when nothing else is offered', () => {
    const both = finding('host.machinekeys', 'fail', 'certificate', [
      { id: 'take-ownership-repair-machinekeys', disabledReason: 'Needs administrator rights' },
      { id: 'rename-machinekeys' },
    ]);
    expect(rankCauses([both])[0]!.fix).toBe('host.machinekeys/rename-machinekeys');
    const onlyDisabled = finding('host.machinekeys', 'fail', 'certificate', [
      { id: 'take-ownership-repair-machinekeys', disabledReason: 'Needs administrator rights' },
    ]);
    expect(rankCauses([onlyDisabled])[0]!.fix).toBe('host.machinekeys/take-ownership-repair-machinekeys');
    expect(rankCauses([finding('host.nla', 'fail', 'host-configuration')])[0]!.fix).toBeNull();
  });
});

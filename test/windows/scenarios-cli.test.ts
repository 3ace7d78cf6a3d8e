// Issue 11 "done when": the new scenarios behave as described through `rdp-doctor diagnose --scenario NAME --json`.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

interface Doc {
  findings: { id: string; status: string; verdict: string; related: string[]; fixes: { id: string }[] }[];
  causes: { checkId: string }[];
}

async function diagnose(scenario: string): Promise<{ doc: Doc; ms: number; code: number | null }> {
  const t0 = performance.now();
  const r = await runCli(['diagnose', '--scenario', scenario, '--json']);
  return { doc: JSON.parse(r.stdout) as Doc, ms: performance.now() - t0, code: r.code };
}

describe('rdp-doctor diagnose on the hardened-host and unreadable-key scenarios', () => {
  for (const scenario of ['powershell-constrained', 'powershell-allsigned']) {
    it(`${scenario}: host.powershell fails with the reason, every script check is skipped with a pointer, nothing hangs`, async () => {
      const { doc, ms, code } = await diagnose(scenario);
      expect(code).toBe(1);
      expect(ms).toBeLessThan(15_000);
      const gate = doc.findings.find((f) => f.id === 'host.powershell')!;
      expect(gate.status).toBe('fail');
      expect(gate.verdict).toMatch(scenario.endsWith('allsigned') ? /AllSigned \(MachinePolicy/ : /ConstrainedLanguage/);
      const skipped = doc.findings.filter((f) => f.status === 'skipped' && f.related.includes('host.powershell'));
      expect(skipped.map((f) => f.id)).toEqual(
        expect.arrayContaining(['host.rdp-enabled', 'host.certificate', 'host.machinekeys', 'host.events', 'client.credssp']),
      );
      expect(doc.findings.filter((f) => f.status === 'error')).toEqual([]);
      expect(doc.causes[0]?.checkId).toBe('host.powershell');
    });
  }

  it('machinekeys-unreadable: unreadable, not missing; no renewal offered', async () => {
    const { doc } = await diagnose('machinekeys-unreadable');
    const cert = doc.findings.find((f) => f.id === 'host.certificate')!;
    const keys = doc.findings.find((f) => f.id === 'host.machinekeys')!;
    expect(cert.status).toBe('warn');
    expect(cert.verdict).toMatch(/see host\.machinekeys/);
    expect(cert.fixes.map((f) => f.id)).not.toContain('renew-certificate');
    expect(keys.status).toBe('warn');
    expect(doc.causes[0]?.checkId).toBe('host.machinekeys');
  });
});

// Issue 11 §1: host.powershell runs before every other host check and says why scripts cannot run; the checks
// behind it are skipped with a pointer, never errors or timeouts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allChecks } from '../../electron/engine/checks';
import { runChecks } from '../../electron/engine/runner';
import { PowerShellHost } from '../../electron/hosts/powershell/powershell-host';
import { startPowerShellSession } from '../../electron/hosts/powershell/session';
import { scriptsRoot } from '../../electron/paths';
import { openSim } from '../support/sim';

describe('host.powershell on the simulated host', () => {
  it('powershell-allsigned: fails naming AllSigned, the Group Policy scope and the missing signature; reports every scope', async () => {
    const f = await (await openSim('powershell-allsigned')).check('host.powershell');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/AllSigned \(MachinePolicy, set by Group Policy, which outranks -ExecutionPolicy Bypass\)/);
    expect(f.verdict).toMatch(/NotSigned/);
    expect(f.verdict).toMatch(/code-signing certificate/);
    const scopes = f.evidence.filter((e) => e.label.startsWith('execution policy, ')).map((e) => e.label.slice(18));
    expect(scopes).toEqual(['MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine']);
  });

  it('powershell-constrained: fails naming ConstrainedLanguage and WDAC, with what an administrator can do', async () => {
    const f = await (await openSim('powershell-constrained')).check('host.powershell');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/ConstrainedLanguage here \(Windows Defender Application Control script enforcement\)/);
    expect(f.verdict).toMatch(/allow RDP Doctor's install folder or its code-signing publisher/);
    expect(f.evidence.find((e) => e.label === 'session language mode')?.value).toBe('ConstrainedLanguage');
  });

  it('a validly signed build runs under AllSigned and WDAC: host.powershell passes and the other checks run', async () => {
    const sim = await openSim('powershell-constrained');
    sim.host.state.powershell.policies.MachinePolicy = 'AllSigned';
    sim.host.state.powershell.signature = 'Valid';
    sim.host.state.powershell.signer = 'CN=Contoso IT Code Signing';
    const findings = await sim.all((id) => id.startsWith('host.'));
    expect(findings.find((f) => f.id === 'host.powershell')?.status).toBe('pass');
    expect(findings.filter((f) => f.status === 'skipped')).toEqual([]);
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id)).toEqual([]);
  });

  for (const scenario of ['powershell-allsigned', 'powershell-constrained']) {
    it(`${scenario}: every other check that needs a script is skipped with a pointer, none errors, at once`, async () => {
      const sim = await openSim(scenario);
      const t0 = performance.now();
      const findings = await sim.all();
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(findings.filter((f) => f.status === 'error')).toEqual([]);
      const needScripts = new Set(allChecks.filter((c) => c.scripts.length > 0 && c.id !== 'host.powershell').map((c) => c.id));
      const behind = findings.filter((f) => needScripts.has(f.id));
      expect(behind.length).toBeGreaterThan(15);
      for (const f of behind) {
        expect(f.status, f.id).toBe('skipped');
        expect(f.related).toEqual(['host.powershell']);
        expect(f.verdict).toMatch(/see host\.powershell/);
      }
    });
  }

  it('the runner runs host.powershell before any other script check, wherever it sits in the list', async () => {
    const sim = await openSim('healthy');
    const order: string[] = [];
    const checks = [...allChecks].reverse();
    await runChecks(checks, await sim.ctx(), {
      runId: 't',
      concurrency: 6,
      onProgress: (p) => p.phase === 'started' && order.push(p.checkId),
    });
    expect(order[0]).toBe('host.powershell');
  });
});

describe('host.powershell through PowerShellHost (stub session): sent as command text', () => {
  it('the probe is one line of data-only literals that never runs a script file by path', async () => {
    const root = scriptsRoot();
    const host = new PowerShellHost(
      async () => ({
        invoke: async () => ({ raw: '{"error":{"message":"x","type":"T"}}', hadErrors: false }),
        dispose: async () => undefined,
      }),
      root,
      true,
    );
    await expect(host.run('checks/host/powershell/powershell', {}, z.object({}))).rejects.toThrow();
    const sent = host.sent[0]!;
    expect(sent.split(/\r?\n/)).toHaveLength(1);
    expect(sent.startsWith('Invoke-Expression -Command ((')).toBe(true);
    expect(sent).not.toMatch(/^& /);
    expect(sent).toContain(`'$RdScriptsRoot = ''${root.replace(/'/g, "''''")}'''`);
    expect(sent).toContain('Get-ExecutionPolicy -List');
  });

  it('info() still answers when PowerShell refuses every script file (AllSigned), claiming no elevation', async () => {
    process.env.RD_FAKE_PS_BLOCKED = '1';
    const fake = path.resolve('test/fixtures/fake-powershell/clm-powershell.cjs');
    const host = new PowerShellHost(
      () => startPowerShellSession({ executable: process.execPath, args: [fake] }),
      '/opt/rdp-doctor/engine',
      true,
    );
    try {
      const info = await host.info();
      expect(info.kind).toBe('powershell');
      expect(info.elevated).toBe(false);
      expect(info.computerName.length).toBeGreaterThan(0);
    } finally {
      delete process.env.RD_FAKE_PS_BLOCKED;
      await host.close();
    }
  });
});

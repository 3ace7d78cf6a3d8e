// Issue 11 §1: the session framing must work in ConstrainedLanguage. The stand-in shell
// (test/fixtures/fake-powershell/clm-powershell.cjs) refuses method calls on [Console], as CLM does, and runs
// scripts; node-powershell's framing never sees its end marker there, ours does.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PowerShellHost } from '../../electron/hosts/powershell/powershell-host';
import { frameCommand, startPowerShellSession } from '../../electron/hosts/powershell/session';

const FAKE = path.resolve('test/fixtures/fake-powershell/clm-powershell.cjs');
const Out = z.object({ script: z.string(), input: z.object({ who: z.string() }), languageMode: z.string() });
const factory = () => startPowerShellSession({ executable: process.execPath, args: [FAKE] });

describe('PowerShell session framing under ConstrainedLanguage', () => {
  it('frames with cmdlets only: no [Console] or other .NET member call, errors folded into stdout', () => {
    const framed = frameCommand("& 'C:\\x.ps1' -InputBase64 'e30='", 'RDPDOCTOR-END-00');
    expect(framed).not.toMatch(/\[[A-Za-z.]+\]::/);
    expect(framed).toBe("& 'C:\\x.ps1' -InputBase64 'e30=' 2>&1\r\nWrite-Output 'RDPDOCTOR-END-00'\r\n");
    expect(() => frameCommand('a\nb', 'RDPDOCTOR-END-00')).toThrow(/one line/);
  });

  it('runs scripts one after another in a CLM shell, each answer in well under a second', async () => {
    const host = new PowerShellHost(factory, '/opt/rdp-doctor/engine', true);
    try {
      for (const who of ['first', "o'brien", 'third']) {
        const t0 = performance.now();
        const out = await host.run('checks/host/os/os', { who }, Out, { timeoutMs: 5_000 });
        expect(out.input.who).toBe(who);
        expect(out.script).toBe('/opt/rdp-doctor/engine/checks/host/os/os.ps1');
        expect(performance.now() - t0).toBeLessThan(1_000);
      }
    } finally {
      await host.close();
    }
  });

  it('node-powershell (the framing we replaced) never returns in the same shell: the hang the issue describes', async () => {
    const { PowerShell } = await import('node-powershell');
    const shell = new PowerShell({ executable: FAKE, invocationTimeout: 1_500, throwOnInvocationError: false });
    try {
      const r = await shell.invoke("& 'C:\\x.ps1' -InputBase64 'e30='");
      // Its [Console]::Out.WriteLine end marker is refused, so it only comes back through its own timeout.
      expect(r.hadErrors).toBe(true);
      expect(r.raw).not.toMatch(/ConstrainedLanguage/);
    } finally {
      await shell.dispose().catch(() => undefined);
    }
  });

  it('a session whose powershell.exe dies is replaced: the failing script says so, the next one runs', async () => {
    const host = new PowerShellHost(factory, '/opt/rdp-doctor/engine', true);
    try {
      await expect(host.run('ops/crash', { who: 'x' }, Out, { timeoutMs: 5_000 })).rejects.toThrow(/PowerShell exited/);
      const out = await host.run('checks/host/os/os', { who: 'after' }, Out, { timeoutMs: 5_000 });
      expect(out.input.who).toBe('after');
    } finally {
      await host.close();
    }
  });

  it('a script the execution policy blocks comes back at once as a named error, not a timeout', async () => {
    process.env.RD_FAKE_PS_BLOCKED = '1';
    const host = new PowerShellHost(factory, '/opt/rdp-doctor/engine', true);
    try {
      const t0 = performance.now();
      await expect(host.run('checks/host/os/os', { who: 'x' }, Out, { timeoutMs: 5_000 })).rejects.toThrow(
        /UnauthorizedAccess.*not digitally signed/,
      );
      expect(performance.now() - t0).toBeLessThan(1_000);
    } finally {
      delete process.env.RD_FAKE_PS_BLOCKED;
      await host.close();
    }
  });
});

// The helpdesk PC's Windows PowerShell that holds the PSSessions. Unlike the local host's shell it runs
// without -NonInteractive: Get-Credential must be able to show Windows' credential prompt, so the password is
// typed there and never passes through RDP Doctor's arguments, files or logs. Like the local host's shell it
// starts powershell.exe by absolute path (hosts/powershell/executable.ts), never through PATH or NODE_POWERSHELL.
import { powershellExecutable } from '../../hosts/powershell/executable';
import type { PsShell } from '../../hosts/powershell/powershell-host';

export async function interactiveShellFactory(): Promise<PsShell> {
  const { PowerShell } = await import('node-powershell');
  const executable = powershellExecutable();
  // node-powershell prefers NODE_POWERSHELL over any executable given; this subclass always starts ours.
  class SystemPowerShell extends PowerShell {
    protected override setExecutable(): string {
      return executable;
    }
  }
  const shell = new SystemPowerShell({
    executable,
    executableOptions: { '-NoProfile': true, '-ExecutionPolicy': 'Bypass', '-NoLogo': true },
    throwOnInvocationError: false,
  });
  return {
    invoke: async (command) => {
      const r = await shell.invoke(command);
      return { raw: r.raw, hadErrors: r.hadErrors };
    },
    dispose: () => shell.dispose(),
  };
}

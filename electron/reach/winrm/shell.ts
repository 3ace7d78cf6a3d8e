// The helpdesk PC's Windows PowerShell that holds the PSSessions. Unlike the local host's shell it runs
// without -NonInteractive: Get-Credential must be able to show Windows' credential prompt, so the password is
// typed there and never passes through RDP Doctor's arguments, files or logs.
import type { PsShell } from '../../hosts/powershell/powershell-host';

export async function interactiveShellFactory(): Promise<PsShell> {
  const { PowerShell } = await import('node-powershell');
  const shell = new PowerShell({
    executable: 'powershell',
    executableOptions: { '-NoProfile': true, '-ExecutionPolicy': 'Bypass', '-NoLogo': true },
    throwOnInvocationError: false,
  } as never);
  return {
    invoke: async (command) => {
      const r = await shell.invoke(command);
      return { raw: r.raw, hadErrors: r.hadErrors };
    },
    dispose: () => shell.dispose(),
  };
}

// The output of checks/host/powershell/powershell.ps1, shared by the check and the simulator's model.
import { z } from 'zod';

export const SCRIPT_ID = 'checks/host/powershell/powershell';

export const PowerShellProbe = z.object({
  psVersion: z.string(),
  sessionLanguageMode: z.string(),
  /** The language mode a script file from the install folder runs in; null when it could not run at all. */
  scriptLanguageMode: z.string().nullable(),
  /** Why a script file could not run (execution policy: UnauthorizedAccess), by FullyQualifiedErrorId. */
  scriptError: z.object({ errorId: z.string(), message: z.string() }).nullable(),
  policies: z.array(z.object({ scope: z.string(), policy: z.string() })),
  effectivePolicy: z.string(),
  signature: z.object({ status: z.string(), signer: z.string().nullable() }),
  /** Win32_DeviceGuard code integrity enforcement: 0 off, 1 audit, 2 enforced; null where the class is absent. */
  wdac: z.object({ kernel: z.number(), user: z.number() }).nullable(),
  /** $env:__PSLockdownPolicy (legacy switch; 4 forces ConstrainedLanguage); '' when unset. */
  lockdownPolicy: z.string(),
  /** Get-UICulture: the display language (localized tool output and event messages follow it). */
  uiCulture: z.string(),
  /**
   * Run over PowerShell Remoting or Azure Run Command: the scripts reach the host as text, not as files, so no
   * execution policy or signature applies to them; the remote session's language mode does.
   */
  remoting: z.boolean().default(false),
});
export type PowerShellProbe = z.infer<typeof PowerShellProbe>;

// Which Windows folder the programs an elevated RDP Doctor starts come from (powershell.exe, fltmc.exe,
// explorer.exe): never found through the current directory or PATH, never from node-powershell's NODE_POWERSHELL
// variable, and never from the SystemRoot variable alone. A user's own variables (HKCU\Environment, and
// HKCU\Volatile Environment) are merged into the environment of that user's elevated processes: the mechanism of
// the known windir/SystemRoot UAC bypasses (tiraniddo.dev, 2017-05, "Exploiting Environment Variables in Scheduled
// Tasks for UAC Bypass"). So SystemRoot is only accepted when Windows itself names the same folder: the kernel's
// \SystemRoot object link, which the boot loader sets and only the kernel can change, opened through the Win32
// \\?\GLOBALROOT prefix and resolved by GetFinalPathNameByHandleW (Node's fs.realpathSync.native; no native module).
// Any disagreement refuses to start, naming SystemRoot: never a silent fallback to some other folder.
import { realpathSync, statSync } from 'node:fs';

const KERNEL_SYSTEM_ROOT = '\\\\?\\GLOBALROOT\\SystemRoot';
/** Since Windows Vista setup installs Windows into \Windows; only the drive differs. */
const WINDOWS_FOLDER = /^[A-Za-z]:\\Windows$/i;
const POWERSHELL = 'System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** What the OS says about its own folder; tests replace it (there is no Windows kernel here). */
export interface WindowsOs {
  /** The kernel's Windows folder as a drive path; throws when it cannot be read. */
  kernelFolder(): string;
  /** True when path opens the kernel's folder itself (same volume serial and file id), not a look-alike. */
  isKernelFolder(path: string): boolean;
  isFile(path: string): boolean;
}

export const windowsOs: WindowsOs = {
  kernelFolder: () => realpathSync.native(KERNEL_SYSTEM_ROOT),
  isKernelFolder: (path) => {
    const candidate = statSync(path, { bigint: true });
    const kernel = statSync(KERNEL_SYSTEM_ROOT, { bigint: true });
    return candidate.isDirectory() && candidate.ino !== 0n && candidate.dev === kernel.dev && candidate.ino === kernel.ino;
  },
  isFile: (path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
};

const HOW_TO_FIX =
  'RDP Doctor starts Windows programs (powershell.exe) as administrator only from the Windows folder, and a ' +
  'SystemRoot value that a user sets (HKEY_CURRENT_USER\\Environment or Volatile Environment) overrides the one ' +
  'Windows sets. Remove that value, sign out and in again, and start RDP Doctor again.';

function quoted(value: string): string {
  return JSON.stringify(value.slice(0, 200));
}

/** Why this environment's SystemRoot is not the Windows folder, or undefined when it is. */
export function systemRootRefusal(env: NodeJS.ProcessEnv = process.env, os: WindowsOs = windowsOs): string | undefined {
  const raw = env.SystemRoot ?? env.SYSTEMROOT;
  if (!raw) return `SystemRoot is not set; Windows sets it to its folder (e.g. C:\\Windows). ${HOW_TO_FIX}`;
  const root = raw.replace(/\\$/, '');
  if (!WINDOWS_FOLDER.test(root)) return `SystemRoot is ${quoted(raw)}, not the Windows folder (<drive>:\\Windows). ${HOW_TO_FIX}`;
  let kernel: string;
  try {
    kernel = os.kernelFolder();
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return `SystemRoot is ${quoted(raw)}, but Windows did not confirm its folder (${KERNEL_SYSTEM_ROOT}: ${why}). ${HOW_TO_FIX}`;
  }
  if (kernel.toLowerCase() !== root.toLowerCase())
    return `SystemRoot is ${quoted(raw)}, but Windows is installed in ${quoted(kernel)}. ${HOW_TO_FIX}`;
  let same: boolean;
  try {
    same = os.isKernelFolder(root);
  } catch {
    same = false;
  }
  if (!same)
    return `SystemRoot is ${quoted(raw)}, but that path opens another folder than Windows' own (a redirected drive letter). ${HOW_TO_FIX}`;
  if (!os.isFile(`${root}\\${POWERSHELL}`))
    return `SystemRoot is ${quoted(raw)}, but it holds no ${POWERSHELL} (Windows PowerShell 5.1, part of every Windows).`;
  return undefined;
}

export class SystemRootRefused extends Error {
  readonly field = 'SystemRoot';
  constructor(message: string) {
    super(message);
    this.name = 'SystemRootRefused';
  }
}

/** The Windows folder, as the kernel names it, once SystemRoot agrees with it; else throws SystemRootRefused. */
export function systemRoot(env: NodeJS.ProcessEnv = process.env, os: WindowsOs = windowsOs): string {
  const refusal = systemRootRefusal(env, os);
  if (refusal) throw new SystemRootRefused(refusal);
  return os.kernelFolder();
}

/** Windows PowerShell 5.1; a 32-bit process asks for Sysnative: System32 would be redirected to the SysWOW64 copy. */
export function powershellExecutable(env: NodeJS.ProcessEnv = process.env, arch: string = process.arch, os: WindowsOs = windowsOs): string {
  // PROCESSOR_ARCHITEW6432 is set only for a 32-bit process on 64-bit Windows (WOW64).
  const wow64 = arch === 'ia32' && Boolean(env.PROCESSOR_ARCHITEW6432);
  return `${systemRoot(env, os)}\\${wow64 ? 'Sysnative' : 'System32'}\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

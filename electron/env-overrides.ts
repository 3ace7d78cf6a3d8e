// Developer overrides (RDP_DOCTOR_ROOT: where the scripts are; RDP_DOCTOR_HOME: where the journal is) are for
// tests and development. A packaged app, or any RDP Doctor running elevated on Windows, ignores them: whoever
// can set an environment variable for an administrator's process would otherwise choose the scripts it runs
// as administrator and the journal its rollbacks write back.
import { execFileSync } from 'node:child_process';
import { systemRoot, type WindowsOs, windowsOs } from './hosts/powershell/executable';

type RunProgram = (file: string) => void;

const runQuietly: RunProgram = (file) => {
  execFileSync(file, [], { stdio: 'ignore', windowsHide: true, timeout: 10_000 });
};

/**
 * Elevated on Windows: fltmc.exe (System32) answers only an administrator token. A SystemRoot the Windows folder
 * check refuses throws (SystemRootRefused) rather than counting as "not elevated": a planted SystemRoot whose fake
 * fltmc fails would otherwise make an elevated process honour the overrides.
 */
export function elevatedByFltmc(env: NodeJS.ProcessEnv, run: RunProgram = runQuietly, os: WindowsOs = windowsOs): boolean {
  const fltmc = `${systemRoot(env, os)}\\System32\\fltmc.exe`;
  try {
    run(fltmc);
    return true;
  } catch {
    return false;
  }
}

let elevatedCache: boolean | undefined;

/** Asked once, when it matters. */
function windowsElevated(env: NodeJS.ProcessEnv): boolean {
  return (elevatedCache ??= elevatedByFltmc(env));
}

interface ProcessFacts {
  platform: NodeJS.Platform;
  /** An Electron build from the installer (not `electron .` from the repository). */
  packaged: boolean;
  elevated: () => boolean;
}

function currentProcess(env: NodeJS.ProcessEnv = process.env): ProcessFacts {
  const electron = Boolean(process.versions.electron) && !(process as { defaultApp?: boolean }).defaultApp;
  return { platform: process.platform, packaged: electron, elevated: () => process.platform === 'win32' && windowsElevated(env) };
}

/** The override's value, or undefined when this process must not honour overrides. */
export function devOverride(
  name: 'RDP_DOCTOR_ROOT' | 'RDP_DOCTOR_HOME',
  env: NodeJS.ProcessEnv = process.env,
  facts: ProcessFacts = currentProcess(env),
): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (facts.packaged || facts.elevated()) return undefined;
  return value;
}

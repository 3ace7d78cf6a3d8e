// Where the journal lives. On Windows it is per machine, %ProgramData%\RDP Doctor: fixes change the machine,
// and with UAC over-the-shoulder elevation the admin's profile is not the user's, so a per-user journal
// would hide another admin's rollbacks. ProgramData lets standard users create folders, so a folder a
// user planted (or a junction pointing elsewhere) is moved aside, and ours is locked to SYSTEM and
// Administrators (Users may read): the journal's snapshots are what rollback writes back as administrator.
import { lstatSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { type Exec, powershellArgs, powershellPath, systemProgram } from './exec';

const SYSTEM = 'S-1-5-18';
const ADMINISTRATORS = 'S-1-5-32-544';
const USERS = 'S-1-5-32-545';
export const TRUSTED_OWNERS: readonly string[] = [SYSTEM, ADMINISTRATORS, 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'];

export function machineDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.ProgramData ?? env.PROGRAMDATA ?? '';
  const safeBase = /^[A-Za-z]:\\[^"\u0000\r\n]*$/.test(base) ? base : 'C:\\ProgramData';
  return path.win32.join(safeBase, 'RDP Doctor');
}

export type DataDirChoice = { kind: 'machine'; dir: string } | { kind: 'user'; dir: string; reason: string };

export function chooseDataDir(options: { platform: NodeJS.Platform; elevated: boolean; userData: string; env: NodeJS.ProcessEnv }): DataDirChoice {
  if (options.platform !== 'win32') return { kind: 'user', dir: options.userData, reason: 'not Windows: the simulated host keeps its journal per user' };
  if (!options.elevated) {
    return { kind: 'user', dir: options.userData, reason: 'not elevated: fixes are disabled, and only an administrator may create the machine journal folder' };
  }
  return { kind: 'machine', dir: machineDataDir(options.env) };
}

/** icacls arguments that make `dir` SYSTEM/Administrators full control, Users read, nothing inherited. */
export function lockDownAclArgs(dir: string): string[] {
  return [
    dir,
    '/inheritance:r',
    '/grant:r',
    `*${SYSTEM}:(OI)(CI)F`,
    `*${ADMINISTRATORS}:(OI)(CI)F`,
    `*${USERS}:(OI)(CI)RX`,
    '/T',
    '/C',
    '/Q',
  ];
}

export const OWNER_ENV = 'RDP_DOCTOR_ACL_PATH';
/** Prints the owner's SID, which does not change with the display language (names do). */
export const OWNER_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  `(Get-Acl -LiteralPath $env:${OWNER_ENV}).GetOwner([Security.Principal.SecurityIdentifier]).Value`,
].join('\n');

/** Creates and secures the machine journal folder; returns the folders it moved aside. */
export async function prepareMachineDataDir(dir: string, exec: Exec, now: () => Date = () => new Date()): Promise<string[]> {
  const movedAside: string[] = [];
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  let trusted = false;
  if (stat && stat.isDirectory() && !stat.isSymbolicLink()) {
    const owner = await exec(powershellPath(), powershellArgs(OWNER_SCRIPT), { env: { ...process.env, [OWNER_ENV]: dir }, timeoutMs: 20_000 });
    trusted = owner.code === 0 && TRUSTED_OWNERS.includes(owner.stdout.trim());
  }
  if (stat && !trusted) {
    // Kept, not deleted: it may be evidence of tampering, or an older install's journal an admin can inspect.
    const aside = `${dir}.untrusted-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, aside);
    movedAside.push(aside);
  }
  mkdirSync(dir, { recursive: true });
  const icacls = await exec(systemProgram('System32\\icacls.exe'), lockDownAclArgs(dir), { timeoutMs: 60_000 });
  if (icacls.code !== 0) throw new Error(`cannot secure ${dir}: ${icacls.stderr.trim() || icacls.stdout.trim()}`);
  const setOwner = await exec(systemProgram('System32\\icacls.exe'), [dir, '/setowner', `*${ADMINISTRATORS}`, '/T', '/C', '/Q'], { timeoutMs: 60_000 });
  if (setOwner.code !== 0) throw new Error(`cannot take ownership of ${dir}: ${setOwner.stderr.trim() || setOwner.stdout.trim()}`);
  return movedAside;
}

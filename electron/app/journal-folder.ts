// The journal folder holds what rollbacks write back as administrator, so it must be writable by nobody else.
// Windows: %ProgramData%\RDP Doctor, created with its DACL in the same call by ops/journal-folder.ps1 and
// verified (owner, protected DACL, SYSTEM and Administrators only, no junction) on every start. Elsewhere the
// same rule in POSIX terms: created 0700, refused when it is a symlink, not ours, or group/world-writable.
import { renameSync } from 'node:fs';
import { JournalFolderError } from '../util/private-folder';
import path from 'node:path';
import { z } from 'zod';
import type { Exec } from '../main/exec';
import { powershellExecutable } from '../hosts/powershell/executable';
import { scriptsRoot } from '../paths';

const SYSTEM = 'S-1-5-18';
const ADMINISTRATORS = 'S-1-5-32-544';

export const FolderReport = z.object({
  path: z.string(),
  exists: z.boolean(),
  created: z.boolean(),
  isDirectory: z.boolean(),
  reparsePoint: z.boolean(),
  owner: z.string(),
  protected: z.boolean(),
  aces: z.array(z.object({ sid: z.string(), rights: z.number(), type: z.string(), inherited: z.boolean() })),
});
export type FolderReport = z.infer<typeof FolderReport>;

/** Why a Windows journal folder must not be used, or null: the owner and DACL ops/journal-folder.ps1 read. */
export function windowsFolderProblem(r: FolderReport): string | null {
  if (!r.exists) return 'it does not exist';
  if (!r.isDirectory || r.reparsePoint) return 'it is not a plain folder (a file, junction or link)';
  if (r.owner !== ADMINISTRATORS && r.owner !== SYSTEM) return `its owner is ${r.owner}, not Administrators`;
  if (!r.protected || r.aces.some((a) => a.inherited)) return 'it inherits permissions from its parent';
  const other = r.aces.find((a) => a.type === 'Allow' && a.sid !== SYSTEM && a.sid !== ADMINISTRATORS);
  if (other) return `${other.sid} has access to it`;
  return null;
}

async function inspect(dir: string, create: boolean, exec: Exec): Promise<FolderReport> {
  const input = Buffer.from(JSON.stringify({ path: dir, create }), 'utf8').toString('base64');
  const script = path.join(scriptsRoot(), 'ops', 'journal-folder.ps1');
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, '-InputBase64', input];
  const r = await exec(powershellExecutable(), args, { timeoutMs: 30_000 });
  const parsed = FolderReport.safeParse(JSON.parse(r.stdout.trim() || '{}'));
  if (r.code !== 0 || !parsed.success)
    throw new JournalFolderError(`journal folder: could not create or read ${dir}: ${r.stderr.trim() || r.stdout.trim()}`);
  return parsed.data;
}

/**
 * Windows: the machine journal folder, created race-free with its DACL and verified. A folder someone else
 * planted (or a junction) is moved aside once, kept as evidence, and a fresh one created; still wrong: refused.
 */
export async function secureWindowsJournalFolder(
  dir: string,
  exec: Exec,
  now: () => Date = () => new Date(),
): Promise<{ movedAside: string | null }> {
  let report = await inspect(dir, true, exec);
  let movedAside: string | null = null;
  if (windowsFolderProblem(report) && !report.created) {
    movedAside = `${dir}.untrusted-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, movedAside);
    report = await inspect(dir, true, exec);
  }
  const problem = windowsFolderProblem(report);
  if (problem) throw new JournalFolderError(`journal folder ${dir}: ${problem}; RDP Doctor will not keep rollback data there`);
  return { movedAside };
}

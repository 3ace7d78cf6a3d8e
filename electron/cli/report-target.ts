// Where `diagnose --report FILE` may write: checked before the host is opened or a check runs, so a typo costs
// nothing, and a report never lands on what keeps the host (the state file, its lock, a journal folder).
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliInputError } from './io';

/** The path with its folder's links resolved (the file itself may not exist yet). */
function real(file: string): string {
  const dir = path.dirname(file);
  return path.join(existsSync(dir) ? realpathSync(dir) : dir, path.basename(file));
}

/**
 * The same file: by identity when both exist (a hard link, an 8.3 name, another case on NTFS), else by name as
 * the platform compares them (Windows: case-insensitive, trailing dots and spaces dropped).
 */
export function sameFile(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  if (existsSync(a) && existsSync(b)) {
    const [x, y] = [statSync(a), statSync(b)];
    if (x.dev === y.dev && x.ino === y.ino && x.ino !== 0) return true;
  }
  if (platform !== 'win32') return a === b;
  const norm = (p: string) => p.replace(/[. ]+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

const within = (file: string, folder: string) => {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The resolved report path, or a CliInputError naming --report. `stateFile`: the simulated host's --state. */
export function checkReportTarget(reportFile: string, cwd: string, stateFile: string | undefined): string {
  const resolved = path.resolve(cwd, reportFile);
  const dir = path.dirname(resolved);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliInputError('--report', `the folder ${dir} does not exist; create it first or name a file in an existing folder`);
  if (existsSync(resolved) && statSync(resolved).isDirectory())
    throw new CliInputError('--report', `${resolved} is a folder; name a file ending in .pdf, .html or .json`);
  if (stateFile) {
    const state = real(path.resolve(cwd, stateFile));
    const journal = path.join(path.dirname(state), `${path.basename(state).replace(/\.json$/i, '')}-journal`);
    const target = real(resolved);
    if (sameFile(target, state) || sameFile(target, `${state}.lock`) || within(target, journal))
      throw new CliInputError(
        '--report',
        `${resolved} is the simulated host's state file, its lock or its journal; write the report elsewhere`,
      );
  }
  return resolved;
}

/** After the host is open: a report inside its journal folder would sit among (or over) the fix entries. */
export function checkReportOutsideJournal(resolved: string, journalDir: string): void {
  if (within(real(resolved), real(journalDir)))
    throw new CliInputError('--report', `${resolved} is inside the journal folder ${journalDir}; write the report elsewhere`);
}

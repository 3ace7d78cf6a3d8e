// The POSIX side of the journal folder rule (see app/journal-folder.ts for Windows): created 0700 by the same
// mkdir call, and refused when it is a symlink, not owned by the running user, or group/world-writable.
import { lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export class JournalFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalFolderError';
  }
}

/** Why a POSIX journal folder must not be used, or null. */
function posixFolderProblem(dir: string, uid: number): string | null {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return `${dir} does not exist`;
  if (st.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (!st.isDirectory()) return `${dir} is not a folder`;
  if (st.uid !== uid) return `${dir} belongs to user ${st.uid}, not to the user running RDP Doctor (${uid})`;
  if ((st.mode & 0o022) !== 0)
    return `${dir} is writable by ${st.mode & 0o002 ? 'every user' : 'its group'} (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

/** Creates the folder 0700 when missing (the mode is set by the same mkdir call) and refuses an unsafe one. */
export function ensurePosixJournalFolder(dir: string, uid = process.getuid?.() ?? 0): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const problem = posixFolderProblem(dir, uid);
  if (problem)
    throw new JournalFolderError(
      `journal folder: ${problem}; RDP Doctor will not keep rollback data there. Remove it or fix its permissions (chmod 700).`,
    );
}

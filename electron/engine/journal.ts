// The fix journal: one JSON file per fix, written atomically. The snapshot is on disk before the fix changes
// anything, so a crash at any point leaves an entry whose rollback restores the prior state.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { JournalEntry } from '../../shared/model';
import { quarantine, writeFileAtomic } from '../util/atomic-file';
import { ensurePosixJournalFolder } from '../util/private-folder';
import { findCheck } from './checks';
import { describeSnapshot } from './touches';

/** How long the revert task may take (its ExecutionTimeLimit) before a still-applied entry counts as missed. */
const REVERT_GRACE_MS = 10 * 60 * 1000;

const ENTRY_FILE = /^(\d{8}T\d{6}Z-[0-9a-f]{8})\.json$/;

export function newEntryId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/**
 * What an entry changed, derived from its snapshot through its fix's declaration: the stored file holds no
 * free text a planted entry could use to describe one change while its snapshot makes another.
 */
function changesOf(entry: Pick<JournalEntry, 'checkId' | 'fixId' | 'snapshot' | 'outcome' | 'state'>): JournalEntry['changes'] {
  const fix = findCheck(entry.checkId)?.fixes.find((f) => f.id === entry.fixId);
  const changes = fix ? describeSnapshot(fix.touches, entry.snapshot, entry.outcome ?? null) : [];
  // A fix that failed part-way did not necessarily make a change it meant to (a restart that never finished):
  // what it aimed at is shown as attempted, never as done.
  return entry.state === 'failed'
    ? changes.map((c) => ({
        ...c,
        after: `attempted: ${typeof c.after === 'string' ? c.after : JSON.stringify(c.after)}; the fix failed, so this may not have happened`,
      }))
    : changes;
}

/**
 * An entry as shown and acted on: its title, whether it lowers security and whether it can be undone come from
 * the fix's declaration, never from the file (a planted "Require NLA again" over a disable-nla snapshot). A fix
 * this version does not know is named by its ids and counts as not reversible.
 */
function derived(entry: JournalEntry, now: Date): JournalEntry {
  const fix = findCheck(entry.checkId)?.fixes.find((f) => f.id === entry.fixId);
  const missed = entry.state === 'applied' && entry.revertAt !== null && Date.parse(entry.revertAt) + REVERT_GRACE_MS < now.getTime();
  return {
    ...entry,
    revertMissed: missed,
    title: fix?.title ?? `${entry.checkId}/${entry.fixId} (unknown to this version)`,
    reversible: fix ? fix.reversible && fix.rollback !== undefined : false,
    lowersSecurity: fix?.lowersSecurity ?? false,
    changes: changesOf(entry),
  };
}

export class Journal {
  constructor(readonly dir: string) {
    // Windows: the entry points secure the machine folder first (app/journal-folder.ts); the journal inherits it.
    if (process.platform === 'win32') mkdirSync(dir, { recursive: true });
    else ensurePosixJournalFolder(dir);
  }

  private file(id: string): string {
    if (!/^\d{8}T\d{6}Z-[0-9a-f]{8}$/.test(id))
      throw new Error(`journal entry id: "${id.slice(0, 80)}" is not of the form 20261121T101500Z-1a2b3c4d`);
    return path.join(this.dir, `${id}.json`);
  }

  /**
   * Writes a new entry under an id no other entry has: two fixes in the same second share the time stamp,
   * and overwriting an entry would lose the only copy of what its fix replaced.
   */
  create(entry: JournalEntry): JournalEntry {
    let id = entry.id;
    for (let i = 0; existsSync(this.file(id)); i++) {
      if (i >= 8) throw new Error(`journal: could not find a free entry id in ${this.dir}`);
      id = newEntryId(new Date(entry.createdAt));
    }
    return this.write({ ...entry, id });
  }

  write(entry: JournalEntry): JournalEntry {
    const checked = JournalEntry.parse({ ...entry, changes: [], revertMissed: undefined });
    writeFileAtomic(this.file(checked.id), JSON.stringify(checked, null, 1));
    return derived(checked, new Date(0));
  }

  /** Reads one entry; a damaged file is moved aside and reported, never overwritten. */
  /** `now`: the host's clock, against which a past revertAt counts as a missed automatic revert. */
  read(id: string, now = new Date()): { entry: JournalEntry | null; problem: string | null } {
    const file = this.file(id);
    let text: string;
    try {
      // A link (or reparse point) in the folder could make any file an entry: only a regular file is one.
      if (!lstatSync(file).isFile())
        return {
          entry: null,
          problem: `Journal entry ${id} could not be read: it is not a regular file (a folder or a link); it was left as it is and not used.`,
        };
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entry: null, problem: null };
      return {
        entry: null,
        problem: `Journal entry ${id} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); it was left as it is.`,
      };
    }
    try {
      const parsed = JournalEntry.parse(JSON.parse(text));
      const entry = derived(parsed, now);
      // A copied or renamed file: writing it back would create a second entry under its inner id.
      if (entry.id !== id)
        return { entry: null, problem: `Journal file ${id}.json holds entry ${entry.id}; it was left as it is and not used.` };
      return { entry, problem: null };
    } catch (err) {
      const aside = quarantine(file);
      const reason = err instanceof SyntaxError ? 'not valid JSON (truncated?)' : 'does not match the journal format';
      return { entry: null, problem: `Journal entry ${id} was damaged (${reason}); it was kept as ${path.basename(aside)}.` };
    }
  }

  /** All entries, newest first, and what was found damaged. */
  list(now = new Date()): { entries: JournalEntry[]; problems: string[] } {
    const entries: JournalEntry[] = [];
    const problems: string[] = [];
    for (const name of readdirSync(this.dir).sort().reverse()) {
      const m = ENTRY_FILE.exec(name);
      if (!m) continue;
      const { entry, problem } = this.read(m[1]!, now);
      if (entry) entries.push(entry);
      if (problem) problems.push(problem);
    }
    entries.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
    return { entries, problems };
  }

  last(): JournalEntry | null {
    return this.list().entries.find((e) => e.state !== 'rolled-back' && e.reversible) ?? null;
  }
}

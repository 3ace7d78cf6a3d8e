// Where the journal lives. A simulated host's journal sits beside its state file, so a rollback always acts
// on the state its snapshot was taken from; a real host's journal is in the app's data folder.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HostChoice } from './host-choice';

export function journalDir(choice: HostChoice, dataDir: string | null): string {
  if (choice.kind === 'simulated') {
    if (choice.stateFile) {
      const base = path.basename(choice.stateFile).replace(/\.json$/i, '');
      return path.join(path.dirname(choice.stateFile), `${base}-journal`);
    }
    // A fresh scenario without a state file lives only in this process; so does its journal, removed at exit.
    const dir = mkdtempSync(path.join(tmpdir(), 'rdp-doctor-sim-'));
    removeAtExit(dir);
    return path.join(dir, 'journal');
  }
  return path.join(dataDir ?? process.cwd(), 'journal');
}

const processOnly = new Set<string>();

function removeAtExit(dir: string): void {
  if (processOnly.size === 0) {
    process.once('exit', () => {
      for (const d of processOnly) rmSync(d, { recursive: true, force: true });
    });
  }
  processOnly.add(dir);
}

/** Keeps an old simulated journal (the scenario was reset) under a dated name instead of deleting it. */
export function archiveJournal(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const aside = `${dir}-archived-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(dir, aside);
  return aside;
}

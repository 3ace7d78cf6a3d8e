// What the host's one-time "revert" task runs: RDP Doctor's own rollback of one journal entry, with the same
// validation as a rollback by hand, recorded in the journal as done by the scheduled task at its time.
// On Windows the task starts the installed RDP Doctor as SYSTEM (ops/revert-task.ps1); the simulated host
// models Task Scheduler with its clock: due tasks run before the next script it answers (runRevertTasksOn), or
// when whoever opens it next catches up (runDueReverts).
import type { JournalEntry } from '../../shared/model';
import { findCheck } from '../engine/checks';
import { createContext } from '../engine/context';
import { rollbackEntry } from '../engine/fixer';
import type { Journal } from '../engine/journal';
import type { HostAdapter } from '../hosts/host-adapter';
import { SimulatedHost } from '../hosts/simulated/simulated-host';

/** Rolls back one entry as the scheduled task; an entry already reverted by hand is left as it is. */
export async function runScheduledRevert(host: HostAdapter, journal: Journal, entryId: string, at: string): Promise<JournalEntry | null> {
  const { entry } = journal.read(entryId);
  if (!entry || entry.state === 'rolled-back') return null;
  const ctx = createContext(host, await host.info(), null, new AbortController().signal);
  try {
    return (await rollbackEntry(entry, findCheck(entry.checkId), ctx, journal, { kind: 'scheduled-task', at })).entry;
  } catch (err) {
    // Kept on the entry, so the open-risk banner and the CLI say the automatic revert did not happen.
    const error = `The scheduled revert at ${at} failed: ${err instanceof Error ? err.message : String(err)}`;
    return journal.write({ ...entry, error });
  }
}

/** `--scheduled-revert=<entry id>`, the one argument ops/revert-task.ps1 gives the task; undefined when absent. */
export function scheduledRevertArg(argv: readonly string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith('--scheduled-revert='));
  if (arg === undefined) return undefined;
  const id = arg.slice('--scheduled-revert='.length);
  if (!/^\d{8}T\d{6}Z-[0-9a-f]{8}$/.test(id)) throw new Error(`--scheduled-revert: "${id.slice(0, 40)}" is not a journal entry id`);
  return id;
}

/** The simulated host's Task Scheduler catching up: runs every due revert task, oldest first; the entries it changed. */
export async function runDueReverts(host: HostAdapter, journal: Journal): Promise<JournalEntry[]> {
  if (!(host instanceof SimulatedHost)) return [];
  const done: JournalEntry[] = [];
  await host.runDueTasks(async (task) => {
    const entry = await runScheduledRevert(host, journal, task.entryId, task.at);
    if (entry) done.push(entry);
  });
  return done;
}

/**
 * From now on the simulated host runs each revert task as soon as it is due, before any script answers (the
 * app, browser mode and the CLI alike); `around` runs it under the caller's lock, `heard` learns what it changed.
 */
export function runRevertTasksOn(
  host: HostAdapter,
  journal: () => Journal,
  options: { heard?: (entry: JournalEntry) => void; around?: <T>(fn: () => Promise<T>) => Promise<T> } = {},
): void {
  if (!(host instanceof SimulatedHost)) return;
  const around = options.around ?? (<T>(fn: () => Promise<T>) => fn());
  host.runTasksWith(async (task) => {
    const entry = await around(() => runScheduledRevert(host, journal(), task.entryId, task.at));
    if (entry) options.heard?.(entry);
  });
}

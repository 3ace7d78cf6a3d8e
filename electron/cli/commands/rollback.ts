// rdp-doctor rollback (ENTRY_ID | --last) [--state FILE] [--json]
import { findCheck } from '../../engine/checks';
import { createContext } from '../../engine/context';
import { FixError, rollbackEntry } from '../../engine/fixer';
import type { Journal } from '../../engine/journal';
import type { JournalEntry } from '../../../shared/model';
import { parse } from '../args';
import { formatEntry, STATUS_LABEL } from '../format';
import { openCliHostForChange } from '../host-options';
import { CliInputError, EXIT, type Command } from '../io';
import { REACH_OPTIONS } from '../../reach/open-remote';
import { rollbackOverLink } from '../../reach/remote-fix';
import { openRemoteForCliChange, REACH_USAGE } from '../reach-cli';

const USAGE = `rdp-doctor rollback (ENTRY_ID | --last) [--state FILE] [--yes] [--json] ${REACH_USAGE}`;
const ENTRY_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

/**
 * "--last" is the last change made. When that one cannot be undone (a certificate renewal), undoing an older
 * fix instead would re-break something the technician did not name: refused, naming both entries.
 */
function lastToRollBack(journal: Journal, state: string | undefined): JournalEntry | null {
  const entries = journal.list().entries.filter((e) => e.state !== 'rolled-back');
  const newest = entries.find((e) => e.state === 'applied' || e.reversible);
  if (!newest || newest.reversible) return newest ?? null;
  const before = entries.find((e) => e.reversible);
  const how = before
    ? `to roll back the one before it, ${before.title} (${before.id}), name it: rdp-doctor rollback ${before.id}${state ? ` --state ${state}` : ''}`
    : 'no earlier change is left to roll back';
  throw new CliInputError(
    '--last',
    `the last change, ${newest.title} (${newest.id}), cannot be undone; ${how}. Nothing was changed.`,
    'conflict',
  );
}

export const rollbackCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      last: { type: 'boolean' },
      yes: { type: 'boolean' },
      state: { type: 'string' },
      scenario: { type: 'string' },
      json: { type: 'boolean' },
      ...REACH_OPTIONS,
    },
    USAGE,
  );
  const id = positionals[0];
  if ((id && values.last) || (!id && !values.last) || positionals.length > 1) {
    throw new CliInputError('ENTRY_ID', `give one journal entry id (such as 20261121T101500Z-1a2b3c4d) or --last. Usage: ${USAGE}`);
  }
  if (id && !ENTRY_ID.test(id))
    throw new CliInputError('ENTRY_ID', `"${id.slice(0, 60)}" is not a journal entry id (such as 20261121T101500Z-1a2b3c4d)`);
  if (process.platform !== 'win32' && !values.state) {
    throw new CliInputError(
      '--state',
      'the simulated host keeps changes only in a state file: pass the same --state FILE you gave to "fix"',
    );
  }
  const remote = await openRemoteForCliChange(values, io);
  if (typeof remote === 'number') return remote;
  const opened = remote ?? (await openCliHostForChange(values, io, { existingState: true }));
  try {
    let entry;
    if (values.last) {
      entry = lastToRollBack(opened.journal, values.state);
      if (!entry) {
        const message = 'Nothing to roll back: the journal has no applied reversible fix.';
        io.stderr(`${message}\n`);
        if (values.json) io.stdout(JSON.stringify({ entry: null, message }) + '\n');
        return EXIT.problems;
      }
    } else {
      const read = opened.journal.read(id!);
      if (read.problem) io.stderr(`warning: ${read.problem}\n`);
      if (!read.entry) throw new CliInputError('ENTRY_ID', `no journal entry ${id} in ${opened.journal.dir}`);
      entry = read.entry;
    }
    const ctx = createContext(opened.host, await opened.host.info(), null, new AbortController().signal);
    try {
      // --yes confirms a rollback that puts back a value lowering security (undoing "Require NLA") or that ends
      // the Remote Desktop session this command runs in (fixer.ts rollbackEndsOwnSession).
      const options = { confirm: () => values.yes === true };
      const result = remote
        ? await rollbackOverLink(entry, findCheck(entry.checkId), ctx, opened.journal, options)
        : await rollbackEntry(entry, findCheck(entry.checkId), ctx, opened.journal, { kind: 'user' }, options);
      if (values.json) {
        const e = result.entry;
        io.stdout(
          JSON.stringify({
            entry: { id: e.id, checkId: e.checkId, fixId: e.fixId, state: e.state },
            journalEntry: e,
            finding: result.finding,
          }) + '\n',
        );
      } else {
        io.stdout(`Rolled back: ${formatEntry(result.entry)}\n`);
        if (result.finding) io.stdout(`Re-check: ${STATUS_LABEL[result.finding.status].trim()} ${result.finding.verdict}\n`);
      }
      return EXIT.ok;
    } catch (err) {
      // Wanting --yes is bad input, as for `fix` (exit 2), not a problem found on the host.
      if (err instanceof FixError && err.field === 'confirmed') throw new CliInputError('--yes', err.message.replace(/^confirmed: /, ''));
      if (err instanceof FixError) {
        io.stderr(`${err.message}\n`);
        if (values.json)
          io.stdout(JSON.stringify({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } }) + '\n');
        return EXIT.problems;
      }
      throw err;
    }
  } finally {
    await opened.close();
  }
};

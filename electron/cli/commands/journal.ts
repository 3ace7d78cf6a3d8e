// rdp-doctor journal [--state FILE] [--json]
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { parse } from '../args';
import { formatEntry } from '../format';
import { openCliHostCaughtUp } from '../host-options';
import { EXIT, type Command } from '../io';
import { REACH_OPTIONS } from '../../reach/open-remote';
import { openRemoteForCli, REACH_USAGE } from '../reach-cli';

export const journalCommand: Command = async (argv, io) => {
  const { values } = parse(
    argv,
    { state: { type: 'string' }, scenario: { type: 'string' }, json: { type: 'boolean' }, ...REACH_OPTIONS },
    `rdp-doctor journal [--state FILE] [--json] ${REACH_USAGE}`,
  );
  const remote = await openRemoteForCli(values, io);
  if (typeof remote === 'number') return remote;
  const opened = remote ? { ...remote, problems: [] as string[] } : await openCliHostCaughtUp(values, io, { existingState: true });
  try {
    // The host's clock decides whether an automatic revert is overdue (the simulator's may be a scenario's).
    const now = opened.host instanceof SimulatedHost ? opened.host.now() : new Date();
    const { entries, problems } = opened.journal.list(now);
    if (values.json) io.stdout(JSON.stringify({ entries, problems: [...opened.problems, ...problems] }) + '\n');
    else {
      for (const p of [...opened.problems, ...problems]) io.stderr(`warning: ${p}\n`);
      io.stdout(entries.length ? entries.map(formatEntry).join('\n') + '\n' : `The journal is empty (${opened.journal.dir}).\n`);
    }
    return EXIT.ok;
  } finally {
    await opened.close();
  }
};

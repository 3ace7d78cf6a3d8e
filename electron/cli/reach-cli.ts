// The CLI side of --remote / --azure-vm: bad flags become exit 2 naming the flag; an unreachable host is a
// problem found (exit 1) whose message names the management path that failed and the technician's fix.
import { openRemoteIfAsked, ReachInputError, type OpenedRemote, type ReachValues } from '../reach/open-remote';
import { ManagementPathError } from '../reach/transport';
import { dataDir } from './host-options';
import { CliInputError, EXIT, type CliIO } from './io';

export function reportUnreachable(err: ManagementPathError, io: CliIO, json: boolean | undefined): number {
  io.stderr(`Cannot reach ${err.message}\n`);
  if (json) {
    io.stdout(JSON.stringify({ error: { code: 'unreachable', message: err.message, failure: err.failure, via: err.via, fix: err.fix } }) + '\n');
  }
  return EXIT.problems;
}

/** The opened remote host, null when no remote flag was given, or the exit code when it cannot be reached. */
export async function openRemoteForCli(values: ReachValues & { json?: boolean }, io: CliIO): Promise<OpenedRemote | number | null> {
  try {
    return await openRemoteIfAsked(values, { env: io.env, cwd: io.cwd, dataDir: dataDir(io) });
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliInputError(err.field, err.message.slice(err.field.length + 2));
    if (err instanceof ManagementPathError) return reportUnreachable(err, io, values.json);
    throw err;
  }
}

export const REACH_USAGE = '[--remote COMPUTER [--credential USER] [--https] | --azure-vm RESOURCE_ID] [--simulate]';

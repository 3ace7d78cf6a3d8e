// The CLI side of --remote / --azure-vm: bad flags become exit 2 naming the flag; an unreachable host is a
// problem found (exit 1) whose message names the management path that failed and the technician's fix.
import { openRemoteIfAsked, ReachInputError, type OpenedRemote, type ReachValues } from '../reach/open-remote';
import { ManagementPathError } from '../reach/transport';
import path from 'node:path';
import { acquireFileLock, LockBusyError } from '../util/file-lock';
import { dataDir, lockTimeout, secureMachineJournal } from './host-options';
import { CliInputError, EXIT, type CliIO } from './io';

export function reportUnreachable(err: ManagementPathError, io: CliIO, json: boolean | undefined): number {
  io.stderr(`Cannot reach ${err.message}\n`);
  if (json) {
    io.stdout(
      JSON.stringify({ error: { code: 'unreachable', message: err.message, failure: err.failure, via: err.via, fix: err.fix } }) + '\n',
    );
  }
  return EXIT.problems;
}

/** The opened remote host, null when no remote flag was given, or the exit code when it cannot be reached. */
export async function openRemoteForCli(values: ReachValues & { json?: boolean }, io: CliIO): Promise<OpenedRemote | number | null> {
  const asked = values.remote !== undefined || values['azure-vm'] !== undefined;
  try {
    // A remote host's journal lives in this PC's protected journal folder: on Windows it is secured first.
    const dir = asked && process.platform === 'win32' ? await secureMachineJournal(io) : dataDir(io);
    return await openRemoteIfAsked(values, { env: io.env, cwd: io.cwd, dataDir: dir });
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliInputError(err.field, err.message.slice(err.field.length + 2));
    if (err instanceof ManagementPathError) return reportUnreachable(err, io, values.json);
    throw err;
  }
}

export const REACH_USAGE = '[--remote COMPUTER [--credential USER] [--https] | --azure-vm RESOURCE_ID] [--simulate]';

/**
 * For fix and rollback: like openRemoteForCli, and holds a lock on that host (its --state file in simulation,
 * else its journal folder on this PC) so two rdp-doctor processes cannot change the same host at once.
 */
export async function openRemoteForCliChange(values: ReachValues & { json?: boolean }, io: CliIO): Promise<OpenedRemote | number | null> {
  if (values.remote === undefined && values['azure-vm'] === undefined) return null;
  const timeout = lockTimeout(io);
  const lockOn = async (file: string, field: string) => {
    try {
      return await acquireFileLock(file, timeout);
    } catch (err) {
      if (err instanceof LockBusyError) throw new CliInputError(field, err.message, 'conflict');
      throw err;
    }
  };
  // A simulated host's whole state is read when it opens: the lock comes first. A real host's state stays on
  // the host, so its lock (keyed by its identity) can follow the connection.
  const early = values.state ? await lockOn(path.resolve(io.cwd, values.state), '--state') : null;
  let opened: OpenedRemote | number | null;
  try {
    opened = await openRemoteForCli(values, io);
  } catch (err) {
    early?.release();
    throw err;
  }
  if (!opened || typeof opened === 'number') {
    early?.release();
    return opened;
  }
  const held = opened;
  let lock = early;
  try {
    lock ??= await lockOn(path.join(held.journal.dir, 'host'), '--remote');
  } catch (err) {
    await held.close();
    throw err;
  }
  const release = lock;
  return {
    ...held,
    async close() {
      try {
        await held.close();
      } finally {
        release.release();
      }
    },
  };
}

// Fix and rollback over a remoting link. A session that drops while a fix runs leaves its outcome unknown:
// the session is re-established and the check reads the host's state back before anything else happens, and
// the journal entry says what that read showed. Rollback refuses an entry made on another host.
import type { Finding, JournalEntry } from '../../shared/model';
import { evaluate } from '../engine/evaluate';
import { applyFix, FixError, rollbackEntry, type ApplyOptions, type HostRef, type RollbackOptions } from '../engine/fixer';
import type { Journal } from '../engine/journal';
import type { AnyCheck, CheckContext } from '../engine/types';
import { RemoteHost } from './remote-host';

export interface RemoteFixResult {
  entry: JournalEntry;
  finding: Finding;
  /** Set when the session dropped during the fix: what the read-back after reconnecting showed. */
  interrupted?: string;
}

export async function applyFixOverLink(
  check: AnyCheck,
  fixId: string,
  ctx: CheckContext,
  journal: Journal,
  hostRef: HostRef,
  // The same options as applyFix (confirmation, the downgrade's time box, which the fixer refuses on a remote
  // host): the fixer's checks of confirmation, declared touches and host identity run unchanged.
  options: ApplyOptions,
): Promise<RemoteFixResult> {
  const startedAt = new Date().toISOString();
  try {
    return await applyFix(check, fixId, ctx, journal, hostRef, options);
  } catch (err) {
    const host = ctx.host;
    if (!(host instanceof RemoteHost) || !host.interrupted) throw err;
    const lost = host.interrupted;
    await host.reconnect();
    // The read-back comes first: nothing else runs on the host until the journal knows what state it is in.
    const { finding } = await evaluate(check, ctx);
    const entry = journal
      .list()
      .entries.find((e) => e.checkId === check.id && e.fixId === fixId && e.createdAt >= startedAt && e.state !== 'rolled-back');
    const landed = finding.status === 'pass';
    const known = `The remoting session dropped during the fix (${lost.detail}; scripts in flight: ${lost.scripts.join(', ')}) and was re-established. Read back from the host: ${check.id} ${finding.status}: ${finding.verdict}${landed ? ' The change landed.' : ' The change did not (fully) land.'}`;
    if (!entry) throw new FixError('conflict', `${known} No journal entry was written, so nothing had been changed by this fix.`);
    const updated = journal.write({
      ...entry,
      state: landed ? 'applied' : 'failed',
      appliedAt: landed ? new Date().toISOString() : entry.appliedAt,
      error: known,
    });
    return { entry: updated, finding, interrupted: known };
  }
}

/** Rollback on the host the entry was made on, and no other (the fixer checks the identity too). */
export async function rollbackOverLink(
  entry: JournalEntry,
  check: AnyCheck | undefined,
  ctx: CheckContext,
  journal: Journal,
  options: RollbackOptions = {},
) {
  const host = ctx.host;
  if (host instanceof RemoteHost && entry.host.identity !== host.identityKey) {
    throw new FixError(
      'conflict',
      `entryId: ${entry.id} was made on ${entry.host.kind === 'remote' ? `remote host ${entry.host.identity ?? '(unknown)'}` : 'another host'}, but the open host is ${host.identityKey ?? host.transport.target}; nothing was changed.`,
      'entryId',
    );
  }
  try {
    return await rollbackEntry(entry, check, ctx, journal, { kind: 'user' }, options);
  } catch (err) {
    if (!(host instanceof RemoteHost) || !host.interrupted) throw err;
    // A rollback writes the snapshot's values back: doing it again after a drop is safe (idempotent), and
    // it is the only way to know the host holds them.
    await host.reconnect();
    return rollbackEntry(entry, check, ctx, journal, { kind: 'user' }, options);
  }
}

// Applies a fix and rolls it back, journaled: read the state the fix will change, write it to the journal
// (fsynced), only then change anything; re-run the check afterwards. Rollback restores the snapshot.
import path from 'node:path';
import { describeZodError } from '../../shared/contract';
import type { Finding, FixParams, HostInfo, JournalEntry, Json } from '../../shared/model';
import { evaluate } from './evaluate';
import { Journal, newEntryId } from './journal';
import { cancelRevert, scheduleRevert } from './ops/revert-task';
import { FixError } from './fix-error';
import { checkSnapshot, restoredCutOffs, restoredDowngrades } from './touches';
import { needsConfirmation, type AnyCheck, type CheckContext, type AnyFix, type FixPlan } from './types';

export { FixError };

export interface HostRef {
  kind: 'powershell' | 'simulated' | 'remote';
  scenario: string | null;
  stateFile: string | null;
  /** A remote host's identity key (electron/reach/identity.ts). */
  identity?: string;
  /** How a remote host is reached (recorded for History and the report; not part of which host it is). */
  via?: JournalEntry['host']['via'];
}

/** The host a context acts on, as the journal records it (the simulator exposes its scenario and state file). */
export function hostRefOf(host: CheckContext['host']): HostRef {
  const sim = host as { scenario?: unknown; stateFile?: unknown };
  return {
    kind: host.kind,
    scenario: host.kind === 'simulated' && typeof sim.scenario === 'string' ? sim.scenario : null,
    stateFile: host.kind === 'simulated' && typeof sim.stateFile === 'string' ? sim.stateFile : null,
    ...(host.kind === 'remote' ? remoteRef(host as { identityKey?: string; transport?: { via?: HostRef['via'] } }) : {}),
  };
}

function remoteRef(host: { identityKey?: string; transport?: { via?: HostRef['via'] } }): Pick<HostRef, 'identity' | 'via'> {
  const via = host.transport?.via;
  return { identity: host.identityKey ?? '', ...(via ? { via } : {}) };
}

function samePath(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const norm = (p: string) => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}

function describeRef(ref: HostRef): string {
  if (ref.kind === 'powershell') return 'this Windows PC';
  if (ref.kind === 'remote') return `remote host ${ref.identity ?? '(unknown identity)'}`;
  return `simulated host "${ref.scenario}"${ref.stateFile ? ` (state file ${ref.stateFile})` : ' (no state file)'}`;
}

/**
 * A snapshot only restores the host it was taken from: applying it to another one would write values that
 * were never there. Refused before anything changes.
 */
function assertSameHost(entry: JournalEntry, current: HostRef): void {
  const recorded = entry.host;
  const same =
    recorded.kind === current.kind &&
    (recorded.kind === 'powershell' ||
      (recorded.scenario === current.scenario &&
        samePath(recorded.stateFile, current.stateFile) &&
        recorded.identity === current.identity));
  if (!same) {
    throw new FixError(
      'conflict',
      `entryId: ${entry.id} was made on ${describeRef(recorded)}, but the open host is ${describeRef(current)}; open that host to roll it back. Nothing was changed.`,
      'entryId',
    );
  }
}

/**
 * The whole snapshot must lie inside what the fix declares it may touch. Runs before apply changes anything
 * and before rollback writes anything: a planted or edited journal entry is refused, never half-applied.
 */
function assertSnapshotInside(fix: AnyFix, snapshot: Json, journalDir: string, what: string): void {
  const verdict = checkSnapshot(fix.touches, snapshot, { journalDir });
  if (verdict.ok) return;
  const shown = verdict.problems.slice(0, 5).join('; ');
  const more = verdict.problems.length > 5 ? ` and ${verdict.problems.length - 5} more` : '';
  throw new FixError(
    'forbidden',
    `${what}: the snapshot of "${fix.title}" reaches outside what this fix may touch (${shown}${more}). Nothing was changed.`,
    'snapshot',
  );
}

function findFix(check: AnyCheck, fixId: string): AnyFix {
  const fix = check.fixes.find((f) => f.id === fixId);
  if (!fix) {
    const known = check.fixes.map((f) => f.id).join(', ') || 'none';
    throw new FixError('not-found', `fix: "${fixId}" is not a fix of ${check.id} (its fixes: ${known})`, 'fixId');
  }
  return fix;
}

/**
 * The technician's parameters, checked by the fix's own schema before anything is read or changed: a fix that
 * takes none refuses any, and a bad value is named with the form the fix expects ("params.session: ...").
 */
export function validateParams(fix: AnyFix, given: FixParams | undefined): FixParams {
  const raw = given ?? {};
  if (!fix.params) {
    const names = Object.keys(raw);
    if (names.length === 0) return {};
    throw new FixError('bad-input', `params.${names[0]}: ${fix.title} takes no parameters. Nothing was changed.`, `params.${names[0]}`);
  }
  const parsed = fix.params.safeParse(raw);
  if (parsed.success) return parsed.data;
  const { message, field } = describeZodError(parsed.error, 'params');
  throw new FixError('bad-input', `${message}. Nothing was changed.`, field);
}

/** Reads the current state and decides whether the fix may run on it. */
async function prepare(check: AnyCheck, fixId: string, ctx: CheckContext) {
  const fix = findFix(check, fixId);
  const { finding, data } = await evaluate(check, ctx);
  if (finding.status === 'error' || data === undefined) {
    throw new FixError('conflict', `${check.id} could not read the current state, so nothing was changed: ${finding.verdict}`);
  }
  const offered = finding.fixes.find((f) => f.id === fixId);
  if (!offered) {
    throw new FixError('conflict', `${fix.title}: does not apply now (${check.id}: ${finding.verdict}). Nothing was changed.`);
  }
  if (offered.disabledReason)
    throw new FixError('forbidden', `${fix.title}: ${offered.disabledReason.replace(/[.!?]+$/, '')}. Nothing was changed.`);
  return { fix, data, finding };
}

/**
 * A fix that acts on an account the technician names (host.user-rights) re-reads its check with that account,
 * as the diagnosis that offered it did; otherwise the re-read would not see the account and refuse the fix.
 */
function contextFor(ctx: CheckContext, params: FixParams): CheckContext {
  return typeof params.account === 'string' ? { ...ctx, account: params.account } : ctx;
}

export async function previewFix(
  check: AnyCheck,
  fixId: string,
  ctx: CheckContext,
  given?: FixParams,
): Promise<{ fix: AnyFix; plan: FixPlan; finding: Finding; params: FixParams }> {
  const params = validateParams(findFix(check, fixId), given);
  const fixCtx = contextFor(ctx, params);
  const { fix, data, finding } = await prepare(check, fixId, fixCtx);
  const snapshot = await fix.snapshot(fixCtx, data, params);
  return { fix, plan: fix.plan(snapshot, fixCtx, data), finding, params };
}

/** The time box a security downgrade gets when the caller names none. */
export const DEFAULT_REVERT_MS = 15 * 60 * 1000;

export interface ApplyOptions {
  confirmed: boolean;
  /** Security downgrades: ms until the host reverts it (default 15 minutes); null keeps it until reverted by hand. */
  revertAfterMs?: number | null;
  /** The technician's parameters for the fix (validated by the fix's schema, kept in the journal entry). */
  params?: FixParams;
}

/** When the host must revert this fix, or null: only a reversible security downgrade gets a time box. */
function revertTime(fix: AnyFix, options: ApplyOptions, now: Date): Date | null {
  if (!fix.lowersSecurity || !fix.reversible) return null;
  const ms = options.revertAfterMs === undefined ? DEFAULT_REVERT_MS : options.revertAfterMs;
  return ms === null ? null : new Date(now.getTime() + ms);
}

/**
 * A host reached over PowerShell Remoting or Run Command cannot enforce the time box: its scheduled task would
 * start an RDP Doctor installed on that host, whose journal does not hold this entry (it is on this PC), so
 * the revert would silently not happen. Refused before anything is journaled or changed; the technician may
 * keep the downgrade explicitly (revertAfter null, confirmed) and roll it back over the same link.
 */
function assertRevertPossible(fix: AnyFix, revertAt: Date | null, ctx: CheckContext): void {
  if (!revertAt || ctx.host.kind !== 'remote') return;
  throw new FixError(
    'bad-input',
    `revertAfter: ${fix.title} lowers security, and a host reached over PowerShell Remoting or Azure Run Command cannot revert it on its own (its scheduled task would need RDP Doctor and this journal on that host). Apply it without an automatic revert ("--revert-after never --yes", or "keep until I roll it back" in the app) and roll it back over the same connection. Nothing was changed.`,
    'revertAfter',
  );
}

export async function applyFix(
  check: AnyCheck,
  fixId: string,
  ctx: CheckContext,
  journal: Journal,
  hostRef: HostRef,
  options: ApplyOptions,
): Promise<{ entry: JournalEntry; finding: Finding }> {
  const params = validateParams(findFix(check, fixId), options.params);
  const fixCtx = contextFor(ctx, params);
  const { fix, data } = await prepare(check, fixId, fixCtx);
  assertRevertPossible(fix, revertTime(fix, options, ctx.now()), ctx);
  if (needsConfirmation(fix) && !options.confirmed) {
    throw new FixError(
      'bad-input',
      `confirmed: ${fix.title} ${!fix.reversible ? 'cannot be undone' : fix.lowersSecurity ? 'lowers security' : 'needs confirmation'}; confirm it explicitly (--yes on the command line). Nothing was changed.`,
      'confirmed',
    );
  }
  const snapshot = await fix.snapshot({ ...fixCtx, journalDir: journal.dir }, data, params);
  assertSnapshotInside(fix, snapshot, journal.dir, `${check.id}/${fix.id}`);
  const now = new Date().toISOString();
  const revertAt = revertTime(fix, options, ctx.now());
  let entry = journal.create({
    id: newEntryId(),
    checkId: check.id,
    fixId: fix.id,
    title: fix.title,
    state: 'pending',
    host: hostRef,
    createdAt: now,
    appliedAt: null,
    rolledBackAt: null,
    reversible: fix.reversible,
    lowersSecurity: fix.lowersSecurity,
    ...(fix.needsRestart ? { needsRestart: true } : {}),
    snapshot,
    ...(Object.keys(params).length ? { params } : {}),
    changes: [],
    error: null,
    revertAt: revertAt?.toISOString() ?? null,
    rolledBackBy: null,
  });
  if (revertAt) {
    // The revert is on the host's schedule before the downgrade exists: no window in which a crash leaves it open.
    try {
      await scheduleRevert(ctx, entry.id, revertAt);
    } catch (err) {
      const message = `the host could not schedule the automatic revert (${err instanceof Error ? err.message : String(err)}), so the downgrade was not applied`;
      journal.write({ ...entry, state: 'failed', error: message });
      throw new FixError('conflict', `${fix.title}: ${message}. Nothing was changed.`);
    }
  }
  try {
    await fix.apply(ctx, snapshot, data);
    await ctx.host.flush();
  } catch (err) {
    entry = journal.write({ ...entry, state: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw new FixError(
      'conflict',
      `${fix.title} failed: ${entry.error}. The journal entry ${entry.id} keeps the prior state${fix.reversible ? '; roll it back to restore anything already changed' : ''}.`,
    );
  }
  // What actually came of it, for the history; a failure to read it back must not turn a done fix into an error.
  const outcome = fix.result ? await fix.result(ctx, snapshot).catch(() => null) : null;
  entry = journal.write({ ...entry, state: 'applied', appliedAt: new Date().toISOString(), outcome });
  const { finding } = await evaluate(check, ctx);
  return { entry, finding };
}

/**
 * A rollback that puts back a value lowering security (undoing "Require NLA" turns NLA off again) is a
 * downgrade like any other: whoever asks confirms it explicitly; the host's scheduled task never does.
 */
async function assertDowngradeConfirmed(fix: AnyFix, entry: JournalEntry, confirm: RollbackOptions['confirm']) {
  const lowered = restoredDowngrades(fix.touches, entry.snapshot);
  if (lowered.length === 0) return;
  if (confirm && (await confirm(`Rolling back "${fix.title}" puts back ${lowered.join(', ')}, which lowers security.`, 'downgrade')))
    return;
  throw new FixError(
    'bad-input',
    `confirmed: rolling back "${fix.title}" (${entry.id}) puts back ${lowered.join(', ')}, which lowers security; confirm it explicitly (--yes on the command line). Nothing was changed.`,
    'confirmed',
  );
}

/**
 * Whether rolling this entry back ends the Remote Desktop session RDP Doctor runs in, and cuts everyone off
 * until someone undoes it from the console: the words that say so, or null. The one place that decides it,
 * from the entry's snapshot and the host info (a remote host reached over WinRM or Run Command is never "inside").
 */
export function rollbackEndsOwnSession(fix: AnyFix, entry: JournalEntry, hostInfo: Pick<HostInfo, 'inRdpSession'>): string | null {
  if (!hostInfo.inRdpSession) return null;
  const cutOffs = restoredCutOffs(fix.touches, entry.snapshot);
  if (cutOffs.length === 0) return null;
  return (
    `RDP Doctor is running inside a Remote Desktop session on this host, and rolling back "${fix.title}" (${entry.id}) ${cutOffs.join('; it also ')}. ` +
    'This ends your Remote Desktop session, and nobody can reconnect over Remote Desktop until it is undone from the console ' +
    '(Hyper-V/VMware console, Azure Serial Console or Run Command) or over PowerShell Remoting, by applying the fix again.'
  );
}

async function assertSessionCutConfirmed(fix: AnyFix, entry: JournalEntry, ctx: CheckContext, confirm: RollbackOptions['confirm']) {
  const words = rollbackEndsOwnSession(fix, entry, ctx.hostInfo);
  if (!words || (confirm && (await confirm(words, 'disconnect')))) return;
  throw new FixError(
    'bad-input',
    `confirmed: ${words} Confirm it explicitly (--yes on the command line). Nothing was changed.`,
    'confirmed',
  );
}

export interface RollbackOptions {
  /**
   * Asked when the rollback would lower security ('downgrade') or end the Remote Desktop session this tool runs
   * in ('disconnect'); absent or false refuses it.
   */
  confirm?: (detail: string, reason: 'downgrade' | 'disconnect') => boolean | Promise<boolean>;
}

export async function rollbackEntry(
  entry: JournalEntry,
  check: AnyCheck | undefined,
  ctx: CheckContext,
  journal: Journal,
  by: { kind: 'user' } | { kind: 'scheduled-task'; at: string } = { kind: 'user' },
  options: RollbackOptions = {},
): Promise<{ entry: JournalEntry; finding: Finding | null }> {
  if (entry.state === 'rolled-back')
    throw new FixError('conflict', `entryId: ${entry.id} was already rolled back at ${entry.rolledBackAt}`, 'entryId');
  assertSameHost(entry, hostRefOf(ctx.host));
  if (!check)
    throw new FixError('not-found', `entryId: ${entry.id} belongs to check ${entry.checkId}, which this version does not know`, 'entryId');
  const fix = findFix(check, entry.fixId);
  if (!fix.reversible || !fix.rollback) {
    throw new FixError(
      'conflict',
      `entryId: ${entry.title} cannot be undone (${entry.id}); the journal keeps what it replaced for the record`,
      'entryId',
    );
  }
  if (!ctx.hostInfo.elevated && fix.needsAdmin)
    throw new FixError('forbidden', `Rolling back ${entry.title} needs administrator rights. Nothing was changed.`);
  assertSnapshotInside(fix, entry.snapshot, journal.dir, `entryId ${entry.id}`);
  await assertDowngradeConfirmed(fix, entry, by.kind === 'user' ? options.confirm : undefined);
  // The host's scheduled task reverts only downgrades (registry values), never a service, RDP or firewall state.
  if (by.kind === 'user') await assertSessionCutConfirmed(fix, entry, ctx, options.confirm);
  await fix.rollback(ctx, entry.snapshot);
  // A revert by hand takes the host's scheduled one off; the task itself is deleted by Windows once it ran.
  if (entry.revertAt && by.kind === 'user') await cancelRevert(ctx, entry.id);
  await ctx.host.flush();
  const rolledBackAt = by.kind === 'scheduled-task' ? by.at : new Date().toISOString();
  const updated = journal.write({ ...entry, state: 'rolled-back', rolledBackAt, rolledBackBy: by.kind });
  const { finding } = await evaluate(check, ctx);
  return { entry: updated, finding };
}

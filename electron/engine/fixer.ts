// Applies a fix and rolls it back, journaled: read the state the fix will change, write it to the journal
// (fsynced), only then change anything; re-run the check afterwards. Rollback restores the snapshot.
import path from 'node:path';
import type { Finding, JournalEntry, Json } from '../../shared/model';
import { evaluate } from './evaluate';
import { Journal, newEntryId } from './journal';
import type { Check, CheckContext, Fix, FixPlan } from './types';

export class FixError extends Error {
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'conflict' | 'bad-input',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FixError';
  }
}

/** Test seam for the crash tests: the process kills itself at the named step, as a power cut would. */
function crashPoint(step: 'before-snapshot' | 'after-snapshot' | 'after-apply'): void {
  if (process.env.RDP_DOCTOR_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}

export interface HostRef {
  kind: 'powershell' | 'simulated';
  scenario: string | null;
  stateFile: string | null;
}

/** The host a context acts on, as the journal records it (the simulator exposes its scenario and state file). */
export function hostRefOf(host: CheckContext['host']): HostRef {
  const sim = host as { scenario?: unknown; stateFile?: unknown };
  return {
    kind: host.kind,
    scenario: host.kind === 'simulated' && typeof sim.scenario === 'string' ? sim.scenario : null,
    stateFile: host.kind === 'simulated' && typeof sim.stateFile === 'string' ? sim.stateFile : null,
  };
}

function samePath(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const norm = (p: string) => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}

function describeRef(ref: HostRef): string {
  if (ref.kind === 'powershell') return 'this Windows PC';
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
    (recorded.kind === 'powershell' || (recorded.scenario === current.scenario && samePath(recorded.stateFile, current.stateFile)));
  if (!same) {
    throw new FixError(
      'conflict',
      `entryId: ${entry.id} was made on ${describeRef(recorded)}, but the open host is ${describeRef(current)}; open that host to roll it back. Nothing was changed.`,
      'entryId',
    );
  }
}

function findFix(check: Check<any>, fixId: string): Fix<any, any> {
  const fix = check.fixes.find((f) => f.id === fixId);
  if (!fix) {
    const known = check.fixes.map((f) => f.id).join(', ') || 'none';
    throw new FixError('not-found', `fix: "${fixId}" is not a fix of ${check.id} (its fixes: ${known})`, 'fixId');
  }
  return fix;
}

/** Reads the current state and decides whether the fix may run on it. */
async function prepare(check: Check<any>, fixId: string, ctx: CheckContext) {
  const fix = findFix(check, fixId);
  const { finding, data } = await evaluate(check, ctx);
  if (finding.status === 'error' || data === undefined) {
    throw new FixError('conflict', `${check.id} could not read the current state, so nothing was changed: ${finding.verdict}`);
  }
  const offered = finding.fixes.find((f) => f.id === fixId);
  if (!offered) {
    throw new FixError('conflict', `${fix.title}: does not apply now (${check.id}: ${finding.verdict}). Nothing was changed.`);
  }
  if (offered.disabledReason) throw new FixError('forbidden', `${fix.title}: ${offered.disabledReason}. Nothing was changed.`);
  return { fix, data, finding };
}

export async function previewFix(check: Check<any>, fixId: string, ctx: CheckContext): Promise<{ fix: Fix<any, any>; plan: FixPlan; finding: Finding }> {
  const { fix, data, finding } = await prepare(check, fixId, ctx);
  const snapshot = await fix.snapshot(ctx, data);
  return { fix, plan: fix.plan(snapshot, ctx, data), finding };
}

export async function applyFix(
  check: Check<any>,
  fixId: string,
  ctx: CheckContext,
  journal: Journal,
  hostRef: HostRef,
  options: { confirmed: boolean },
): Promise<{ entry: JournalEntry; finding: Finding }> {
  const { fix, data } = await prepare(check, fixId, ctx);
  if ((fix.confirmText || !fix.reversible || fix.lowersSecurity) && !options.confirmed) {
    throw new FixError(
      'bad-input',
      `confirmed: ${fix.title} ${!fix.reversible ? 'cannot be undone' : fix.lowersSecurity ? 'lowers security' : 'needs confirmation'}; confirm it explicitly (--yes on the command line). Nothing was changed.`,
      'confirmed',
    );
  }
  crashPoint('before-snapshot');
  const snapshot = (await fix.snapshot(ctx, data)) as Json;
  const plan = fix.plan(snapshot, ctx, data);
  const now = new Date().toISOString();
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
    snapshot,
    changes: plan.changes,
    error: null,
  });
  crashPoint('after-snapshot');
  try {
    await fix.apply(ctx, snapshot, data);
    await ctx.host.flush();
  } catch (err) {
    entry = journal.write({ ...entry, state: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw new FixError('conflict', `${fix.title} failed: ${entry.error}. The journal entry ${entry.id} keeps the prior state${fix.reversible ? '; roll it back to restore anything already changed' : ''}.`);
  }
  crashPoint('after-apply');
  // What actually came of it, for the history; a failure to read it back must not turn a done fix into an error.
  const changes = fix.result ? await fix.result(ctx, snapshot, entry.changes).catch(() => entry.changes) : entry.changes;
  entry = journal.write({ ...entry, state: 'applied', appliedAt: new Date().toISOString(), changes });
  const { finding } = await evaluate(check, ctx);
  return { entry, finding };
}

export async function rollbackEntry(
  entry: JournalEntry,
  check: Check<any> | undefined,
  ctx: CheckContext,
  journal: Journal,
): Promise<{ entry: JournalEntry; finding: Finding | null }> {
  if (entry.state === 'rolled-back') throw new FixError('conflict', `entryId: ${entry.id} was already rolled back at ${entry.rolledBackAt}`, 'entryId');
  assertSameHost(entry, hostRefOf(ctx.host));
  if (!check) throw new FixError('not-found', `entryId: ${entry.id} belongs to check ${entry.checkId}, which this version does not know`, 'entryId');
  const fix = findFix(check, entry.fixId);
  if (!fix.reversible || !fix.rollback) {
    throw new FixError('conflict', `entryId: ${entry.title} cannot be undone (${entry.id}); the journal keeps what it replaced for the record`, 'entryId');
  }
  if (!ctx.hostInfo.elevated && fix.needsAdmin) throw new FixError('forbidden', `Rolling back ${entry.title} needs administrator rights. Nothing was changed.`);
  await fix.rollback(ctx, entry.snapshot as never);
  await ctx.host.flush();
  const updated = journal.write({ ...entry, state: 'rolled-back', rolledBackAt: new Date().toISOString() });
  const { finding } = await evaluate(check, ctx);
  return { entry: updated, finding };
}

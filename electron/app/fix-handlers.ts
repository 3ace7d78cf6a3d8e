// fix:plan and fix:apply. A preview is a plan with a single-use id; apply needs that id, and a fix that
// lowers security or cannot be undone is confirmed where the page cannot forge it: a native dialog in the
// Electron app, the CLI's --yes, and in browser mode only on the simulated host.
import type { Args, Result } from '../../shared/contract';
import type { Finding } from '../../shared/model';
import { applyFix, DEFAULT_REVERT_MS, previewFix, type ApplyOptions, type HostRef } from '../engine/fixer';
import type { Journal } from '../engine/journal';
import { fixInfo, needsConfirmation, type AnyCheck, type CheckContext } from '../engine/types';
import { applyFixOverLink } from '../reach/remote-fix';
import { ServiceError } from './errors';
import { PlanStore, type Plan } from './plan-store';
import type { FixConfirmation, ServiceHooks } from './service-types';

interface FixSlot {
  check(id: string): AnyCheck;
  context(target: string | null): CheckContext;
  journal(): Journal;
  hostRef(): HostRef;
  /** Everything the slot reaches is simulated (the page's word may confirm there, in browser mode). */
  simulation(): boolean;
  /** Another host is reached from this PC: its fixes go over the link, and it cannot time-box a downgrade. */
  remote(): object | null;
  /** Runs `fn` alone on the host (fixes, rollbacks) or beside other reads. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  shared<T>(fn: () => Promise<T>): Promise<T>;
}

const DEFAULT_REVERT_MINUTES = DEFAULT_REVERT_MS / 60_000;

/** Which host a plan belongs to, in words: this PC, a simulated scenario (and state file), or a remote identity. */
function hostKey(ref: HostRef): string {
  if (ref.kind === 'remote') return `remote host ${ref.identity ?? '(unknown)'}`;
  if (ref.kind === 'powershell') return 'this Windows PC';
  return `simulated host "${ref.scenario}"${ref.stateFile ? ` (${ref.stateFile})` : ''}`;
}

function confirmationWords(plan: Plan): string {
  return plan.confirmText ?? (plan.lowersSecurity ? 'This lowers security until it is reverted.' : 'This cannot be undone.');
}

/** Who confirms: the native dialog when there is one; otherwise the page's word, on a simulated host only. */
async function confirm(
  plan: Plan,
  request: FixConfirmation,
  pageConfirmed: boolean,
  hooks: ServiceHooks | undefined,
  simulated: boolean,
): Promise<void> {
  if (hooks?.confirmFix) {
    if (!(await hooks.confirmFix(request)))
      throw new ServiceError('cancelled', `confirmed: ${plan.title} was not confirmed. Nothing was changed.`, 'confirmed');
    return;
  }
  if (!simulated) {
    throw new ServiceError(
      'forbidden',
      `confirmed: ${plan.title} lowers security or cannot be undone; confirm it in the RDP Doctor desktop app or with "rdp-doctor fix --yes" on this PC. Browser mode does not apply it. Nothing was changed.`,
      'confirmed',
    );
  }
  if (!pageConfirmed)
    throw new ServiceError(
      'bad-input',
      `confirmed: ${plan.title}: ${confirmationWords(plan)} Confirm it explicitly. Nothing was changed.`,
      'confirmed',
    );
}

export interface FixHandlerOptions {
  plans?: PlanStore;
  /** Runs inside the fix's lock after it was applied: the service re-reads what the fix may have changed. */
  afterApply?: (checkId: string, finding: Finding | null, target: string | null) => Promise<void>;
}

/** The downgrade's time box in minutes (null: none); a host reached from this PC cannot have one (fixer.ts). */
function chosenRevertMinutes(plan: Plan, requested: number | null | undefined, remote: boolean): number | null {
  if (remote && plan.lowersSecurity && typeof requested === 'number') {
    throw new ServiceError(
      'bad-input',
      `revertAfterMinutes: ${plan.title}: a host reached from this PC cannot revert it on its own (its scheduled task would need RDP Doctor and this journal on that host). Keep it until you roll it back over this connection. Nothing was changed.`,
      'revertAfterMinutes',
    );
  }
  return requested === undefined ? (remote ? null : DEFAULT_REVERT_MINUTES) : requested;
}

/** The confirmations a fix needs before it runs: its own, and keeping a downgrade with no automatic revert. */
async function confirmApply(
  plan: Plan,
  args: Args<'fix:apply'>,
  minutes: number | null,
  hooks: ServiceHooks | undefined,
  simulated: boolean,
): Promise<void> {
  const revertAfterMinutes = plan.lowersSecurity ? minutes : null;
  if (plan.needsConfirmation) {
    await confirm(
      plan,
      { kind: 'apply', title: plan.title, detail: confirmationWords(plan), revertAfterMinutes },
      args.confirmed,
      hooks,
      simulated,
    );
  }
  if (plan.lowersSecurity && minutes === null) {
    const detail = 'No automatic revert: the downgrade stays until someone rolls it back, even if this app is closed.';
    await confirm(
      plan,
      { kind: 'keep-downgrade', title: plan.title, detail, revertAfterMinutes: null },
      args.confirmedNoRevert === true,
      hooks,
      simulated,
    );
  }
}

export function createFixHandlers(
  slot: FixSlot,
  hooks: ServiceHooks | undefined,
  { plans = new PlanStore(), afterApply }: FixHandlerOptions = {},
) {
  return {
    'fix:plan': async ({ checkId, fixId, target, params: given }: Args<'fix:plan'>): Promise<Result<'fix:plan'>> => {
      const c = slot.check(checkId);
      const { fix, plan, params, finding } = await slot.shared(() => previewFix(c, fixId, slot.context(target), given));
      // A remote host cannot revert on its own (fixer.ts): no time box is offered, the downgrade is kept by choice.
      const timeBoxed = fix.lowersSecurity && fix.reversible && !slot.remote();
      const issued = plans.issue({
        checkId,
        fixId,
        target,
        // The technician's own words, not the resolved default: apply brings back what the page sent.
        params: PlanStore.paramsKey(given ?? {}),
        host: hostKey(slot.hostRef()),
        title: fix.title,
        needsConfirmation: needsConfirmation(fix),
        lowersSecurity: fix.lowersSecurity && fix.reversible,
        confirmText: fix.confirmText ?? null,
      });
      return {
        // As offered now, with what each parameter may be (the dialog's picker).
        fix: finding.fixes.find((f) => f.id === fixId) ?? fixInfo(fix),
        params,
        changes: plan.changes,
        warnings: plan.warnings,
        planId: issued.id,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        needsConfirmation: issued.needsConfirmation,
        revertAfterDefaultMinutes: timeBoxed ? DEFAULT_REVERT_MINUTES : null,
      };
    },

    // applyFix re-reads the state under the lock, so a second click finds that the fix no longer applies.
    'fix:apply': async (args: Args<'fix:apply'>): Promise<Result<'fix:apply'>> => {
      const c = slot.check(args.checkId);
      const taken = plans.take(args.planId, {
        checkId: args.checkId,
        fixId: args.fixId,
        target: args.target,
        host: hostKey(slot.hostRef()),
        params: PlanStore.paramsKey(args.params ?? {}),
      });
      if (!taken.ok) throw new ServiceError('conflict', `${taken.message}. Nothing was changed.`, 'planId');
      const plan = taken.plan;
      const simulated = slot.simulation();
      const remote = slot.remote() !== null;
      const minutes = chosenRevertMinutes(plan, args.revertAfterMinutes, remote);
      // Awaited only when something is to be confirmed: an await with nothing to ask would let a scenario switch or
      // another fix queued meanwhile take the host's lock before this one.
      if (plan.needsConfirmation || (plan.lowersSecurity && minutes === null)) await confirmApply(plan, args, minutes, hooks, simulated);
      const options: ApplyOptions = {
        confirmed: true,
        ...(args.params ? { params: args.params } : {}),
        ...(plan.lowersSecurity ? { revertAfterMs: minutes === null ? null : minutes * 60_000 } : {}),
      };
      // Over a link, a dropped session is re-established and the host's state read back (reach/remote-fix.ts).
      return slot.exclusive(async () => {
        const ctx = slot.context(args.target);
        const result = remote
          ? await applyFixOverLink(c, args.fixId, ctx, slot.journal(), slot.hostRef(), options)
          : await applyFix(c, args.fixId, ctx, slot.journal(), slot.hostRef(), options);
        await afterApply?.(args.checkId, result.finding, args.target);
        return result;
      });
    },
  };
}

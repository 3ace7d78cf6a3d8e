// Single-use fix plans. `fix:plan` hands out a plan id for exactly one check, fix and target; `fix:apply`
// must bring it back within a few minutes, once. A caller that never saw the plan (a script holding only the
// browser-mode token) cannot apply anything, and an old or replayed confirmation does not apply again.
import { randomBytes } from 'node:crypto';

export const PLAN_TTL_MS = 5 * 60 * 1000;

export interface Plan {
  id: string;
  checkId: string;
  fixId: string;
  target: string | null;
  /** The fix's parameters as validated, in a canonical form (sorted keys): apply must bring the same. */
  params: string;
  /** The host it was previewed on: after a switch to another host (host:connect, a scenario) it no longer applies. */
  host: string;
  needsConfirmation: boolean;
  lowersSecurity: boolean;
  title: string;
  confirmText: string | null;
  expiresAt: number;
}

type PlanLookup = { ok: true; plan: Plan } | { ok: false; message: string };

export class PlanStore {
  private readonly plans = new Map<string, Plan>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(plan: Omit<Plan, 'id' | 'expiresAt'>): Plan {
    this.sweep();
    const issued = { ...plan, id: randomBytes(16).toString('hex'), expiresAt: this.now() + PLAN_TTL_MS };
    this.plans.set(issued.id, issued);
    return issued;
  }

  /** Takes the plan out: whatever happens next, the same id never applies twice. */
  take(id: string, expected: { checkId: string; fixId: string; target: string | null; host: string; params: string }): PlanLookup {
    const plan = this.plans.get(id);
    this.plans.delete(id);
    if (!plan) return { ok: false, message: 'planId: unknown or already used; open the fix again to see what it will change' };
    if (plan.expiresAt <= this.now())
      return { ok: false, message: `planId: the plan expired (plans are valid for ${PLAN_TTL_MS / 60000} minutes); open the fix again` };
    if (plan.checkId !== expected.checkId || plan.fixId !== expected.fixId || plan.target !== expected.target) {
      return {
        ok: false,
        message: `planId: the plan is for ${plan.checkId}/${plan.fixId}, not ${expected.checkId}/${expected.fixId}${plan.target !== expected.target ? ' on this target' : ''}`,
      };
    }
    if (plan.params !== expected.params)
      return {
        ok: false,
        message: `planId: the plan is for the parameters ${plan.params}, not ${expected.params}; open the fix again with the ones you want`,
      };
    if (plan.host !== expected.host)
      return {
        ok: false,
        message: `planId: the plan was made for ${plan.host}, not for the host open now (${expected.host}); open the fix again`,
      };
    return { ok: true, plan };
  }

  /** One text per set of parameters, whatever the order of its keys. */
  static paramsKey(params: Record<string, unknown>): string {
    return JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))));
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, p] of this.plans) if (p.expiresAt <= now) this.plans.delete(id);
  }
}

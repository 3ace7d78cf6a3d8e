// The Check/Fix model (../shared/STYLE.md "The shape of a check"). A check collects raw data through the
// host adapter (or the probe), then judges it; the two halves are separate so the judgement can be tested on
// sample PowerShell output (and output captured on real hosts) and on the simulator's output through the same schema.
import type { z } from 'zod';
import type {
  Change,
  EvidenceItem,
  FixInfo,
  FixParameter,
  FixParams,
  HostInfo,
  Json,
  JournalOutcome,
  Layer,
  Side,
  Status,
} from '../../shared/model';
import type { Target } from '../../shared/target';
import type { HostAdapter } from '../hosts/host-adapter';
import type { Touches } from './touches';

export interface CheckContext {
  host: HostAdapter;
  hostInfo: HostInfo;
  target: Target | null;
  signal: AbortSignal;
  /** Per-run memo, so several checks share one probe or one event-log query. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The protected journal folder, while a fix is applied: the only place a fix may leave a file rollback reads. */
  journalDir?: string;
  /** The current time on the host (the simulator's clock on a simulated host). */
  now: () => Date;
  /** The account the technician connects with (DOMAIN\\name or a UPN, checked by shared/account.ts), when given. */
  account?: string | null;
}

export interface Judgement {
  status: Status;
  verdict: string;
  evidence: EvidenceItem[];
  /** Checks that explain this finding. */
  related?: string[];
  /** The Group Policy that controls the setting, when one does. */
  policy?: string;
  /** Ids of this check's fixes that apply to this result; the others are hidden. */
  fixes?: string[];
}

export interface Check<Data = unknown> {
  id: string;
  side: Side;
  layer: Layer;
  /**
   * Where the check sits on the connection's path within its side (client checks first, then host): lower
   * runs and is listed first. Ranks are spaced by 10 so a new check takes a free number between its
   * neighbours; checks/index.ts sorts by side, then rank, and a test rejects two checks with one rank.
   */
  rank: number;
  title: string;
  /** What the check reads, in words, for docs/checks.md and the report. */
  reads: string;
  passWhen: string;
  /** CHECKLIST.md seed column: which source documents this comes from. */
  source: string;
  /** Host script(s) this check runs, relative to electron/engine without .ps1; for docs and parse tests. */
  scripts: string[];
  /** When set, the check needs a target (client side) or is skipped with this reason. */
  needsTarget?: boolean;
  collect(ctx: CheckContext): Promise<Data>;
  judge(data: Data, ctx: CheckContext): Judgement;
  fixes: Fix<Data>[];
}

/**
 * A check of some data type, as lists and the registry hold them: each check's Data is its own business, and
 * collect, judge and the fixes only ever meet the Data of the same check. Check's and Fix's methods take Data
 * as parameters (bivariant), so every Check<D> is a Check<unknown>; no `any` leaks into callers.
 */
export type AnyCheck = Check<unknown>;
/** A fix of some check, with its own snapshot type (see AnyCheck). */
export type AnyFix = Fix<unknown, Json>;

export interface FixPlan {
  changes: Change[];
  warnings: string[];
}

export interface Fix<Data = unknown, Snapshot extends Json = Json> {
  id: string;
  title: string;
  description: string;
  reversible: boolean;
  lowersSecurity: boolean;
  needsAdmin: boolean;
  needsRestart: boolean;
  dropsSessions: boolean;
  /** Exactly what this fix may change; apply and rollback refuse a snapshot that reaches outside it. */
  touches: Touches;
  /** Shown and required before an irreversible or risky action. */
  confirmText?: string;
  /** Why the fix must not be applied on this host now (policy, missing prerequisite); null when it may. */
  blockedBy?(data: Data, ctx: CheckContext): string | null;
  /**
   * The parameters the technician may give (a session to log off): a zod object whose messages name the
   * expected form. Absent: the fix takes none, and any given is refused. The fixer validates them before
   * anything is read or changed and records them in the journal entry.
   */
  params?: Schema<FixParams>;
  /** What each parameter may be now, from the check's data (the UI's picker); its default first. */
  choices?(data: Data): FixParameter[];
  /** Reads everything apply will change. Stored in the journal before apply runs. `params` passed `params`. */
  snapshot(ctx: CheckContext, data: Data, params: FixParams): Promise<Snapshot>;
  plan(snapshot: Snapshot, ctx: CheckContext, data: Data): FixPlan;
  apply(ctx: CheckContext, snapshot: Snapshot, data: Data): Promise<void>;
  /**
   * After apply: what came of it where the plan could only describe it ("a new certificate" becomes its
   * thumbprint), as structured values the journal keeps; the changes derived from the snapshot show them
   * (the history's After column). Absent or null: the snapshot's description stands.
   */
  result?(ctx: CheckContext, snapshot: Snapshot): Promise<JournalOutcome | null>;
  /** Restores the snapshot exactly. Irreversible fixes leave this out. */
  rollback?(ctx: CheckContext, snapshot: Snapshot): Promise<void>;
}

/**
 * The one rule for "the technician must confirm this fix": it says so (confirmText), cannot be undone, or
 * lowers security. The fixer enforces it, the plan carries it, the UI reads it from the plan.
 */
export function needsConfirmation(fix: Pick<AnyFix, 'confirmText' | 'reversible' | 'lowersSecurity'>): boolean {
  return Boolean(fix.confirmText) || !fix.reversible || fix.lowersSecurity;
}

export function fixInfo(fix: AnyFix, disabledReason?: string, parameters?: FixParameter[]): FixInfo {
  return {
    id: fix.id,
    title: fix.title,
    description: fix.description,
    reversible: fix.reversible,
    lowersSecurity: fix.lowersSecurity,
    needsAdmin: fix.needsAdmin,
    needsRestart: fix.needsRestart,
    dropsSessions: fix.dropsSessions,
    ...(fix.confirmText ? { confirmText: fix.confirmText } : {}),
    ...(disabledReason ? { disabledReason } : {}),
    ...(parameters?.length ? { parameters } : {}),
  };
}

export type Schema<T> = z.ZodType<T>;

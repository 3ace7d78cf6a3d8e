// The one IPC contract: every channel the renderer may call, with the schema of its argument and of its
// result. Main registers handlers from this map, preload exposes exactly these channels, the web bridge
// serves exactly these channels, and the renderer calls exactly these channels.
import { z } from 'zod';
import { Change, Diagnosis, Finding, FixInfo, FixParams, HostInfo, JournalEntry, Progress, ScenarioInfo, Side } from './model';
import { ProbeReport, ScanRow } from './probe';
import { ReportFormat } from './report';
import { FleetRow, HostConnect } from './reach';

const CheckId = z.string().regex(/^(client|host)\.[a-z0-9-]{1,40}$/, 'expected a check id such as host.certificate');
const FixId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a fix id such as renew-certificate');
const PlanId = z.string().regex(/^[0-9a-f]{32}$/, 'expected the planId fix:plan returned');
/** The longest time box a security downgrade may be given (one day); "until I revert" is its own choice. */
export const MAX_REVERT_MINUTES = 24 * 60;
const EntryId = z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/, 'expected a journal entry id such as 20261121T101500Z-1a2b3c4d');
const ScenarioName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a scenario name such as expired-cert');
/** Targets are checked fully by shared/target.ts in the engine; the contract bounds their size. */
const TargetText = z.string().min(1).max(260);

export const channels = {
  'app:info': {
    args: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      platform: z.string(),
      host: HostInfo,
      /** True when the user may pick a simulated scenario (any OS but Windows, or a developer flag). */
      simulated: z.boolean(),
    }),
  },
  'scenarios:list': {
    args: z.object({}).strict(),
    result: z.array(ScenarioInfo),
  },
  'scenarios:select': {
    args: z.object({ name: ScenarioName }).strict(),
    result: HostInfo,
  },
  'diagnose:run': {
    args: z
      .object({
        target: TargetText.nullable(),
        sides: z.array(Side).min(1).max(2).optional(),
        checks: z.array(CheckId).max(100).optional(),
        /** The error Remote Desktop Connection showed, "0x904/0x7" (decoded by shared/error-codes.ts). */
        error: z.string().min(1).max(40).optional(),
        /** The account that connects, DOMAIN\\name or name@domain (checked by shared/account.ts); host.user-rights judges it. */
        user: z.string().min(1).max(260).optional(),
      })
      .strict(),
    result: Diagnosis,
  },
  'diagnose:cancel': {
    args: z.object({ runId: z.string().max(64) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'check:run': {
    args: z.object({ checkId: CheckId, target: TargetText.nullable() }).strict(),
    result: Finding,
  },
  // The plan: what will change, and a single-use id that fix:apply must bring back before it expires.
  // Parameters (the session to log off) are checked by the fix's own schema; the plan is bound to them.
  'fix:plan': {
    args: z.object({ checkId: CheckId, fixId: FixId, target: TargetText.nullable(), params: FixParams.optional() }).strict(),
    result: z.object({
      fix: FixInfo,
      /** The parameters the plan is for, as the fix read them; fix:apply must bring the same ones. */
      params: FixParams,
      changes: z.array(Change),
      warnings: z.array(z.string()),
      planId: PlanId,
      expiresAt: z.string(),
      /** Decided by the service (one rule): the technician must confirm before apply. */
      needsConfirmation: z.boolean(),
      /** For a security downgrade: the host reverts it after this many minutes unless another choice is made. */
      revertAfterDefaultMinutes: z.number().int().nullable(),
    }),
  },
  'fix:apply': {
    args: z
      .object({
        checkId: CheckId,
        fixId: FixId,
        planId: PlanId,
        confirmed: z.boolean(),
        target: TargetText.nullable(),
        /** The same parameters the plan was made for (absent: none). */
        params: FixParams.optional(),
        /** Security downgrades only: minutes until the host reverts it, or null for "until I revert" (confirmed again). */
        revertAfterMinutes: z.number().int().min(1).max(MAX_REVERT_MINUTES).nullable().optional(),
        /** The page's separate confirmation of "until I revert" (revertAfterMinutes: null). */
        confirmedNoRevert: z.boolean().optional(),
      })
      .strict(),
    result: z.object({ entry: JournalEntry, finding: Finding }),
  },
  'journal:list': {
    args: z.object({}).strict(),
    result: z.object({ entries: z.array(JournalEntry), problems: z.array(z.string()) }),
  },
  'journal:rollback': {
    /** confirmed: the page's word for a rollback that lowers security (browser mode on a simulated host only). */
    args: z.object({ entryId: EntryId, confirmed: z.boolean().optional() }).strict(),
    result: z.object({ entry: JournalEntry, finding: Finding.nullable() }),
  },
  'probe:run': {
    args: z.object({ target: TargetText, timeoutMs: z.number().int().min(100).max(60000).optional() }).strict(),
    result: ProbeReport,
  },
  'scan:run': {
    args: z
      .object({
        targets: z.array(TargetText).min(1).max(5000),
        concurrency: z.number().int().min(1).max(256).optional(),
        timeoutMs: z.number().int().min(100).max(60000).optional(),
      })
      .strict(),
    result: z.array(ScanRow),
  },
  'report:export': {
    /** runId: the run the window shows; null when it has run nothing, so no earlier window's results are exported. */
    args: z.object({ format: ReportFormat, redactUser: z.boolean(), runId: z.string().max(64).nullable().optional() }).strict(),
    result: z.object({
      /** Where the file was saved (Electron save dialog); null when cancelled or in browser mode. */
      path: z.string().nullable(),
      filename: z.string(),
      mimeType: z.string(),
      /** The file itself, base64, for the browser build to download; null once saved to disk. */
      dataBase64: z.string().nullable(),
    }),
  },
  'report:summary': {
    args: z.object({ redactUser: z.boolean(), runId: z.string().max(64).nullable().optional() }).strict(),
    result: z.object({ text: z.string() }),
  },
  'app:relaunch-elevated': {
    args: z.object({}).strict(),
    result: z.object({ started: z.boolean(), message: z.string() }),
  },
  /** Which host the host checks and fixes act on: this PC, another PC over PowerShell Remoting, an Azure VM. */
  'host:connect': {
    args: HostConnect,
    result: HostInfo,
  },
  /** Host checks of many hosts through their management path; `text` is a fleet file (one host per line). */
  'fleet:run': {
    args: z.object({ text: z.string().min(1).max(1_000_000), concurrency: z.number().int().min(1).max(256).optional() }).strict(),
    result: z.object({ hosts: z.array(FleetRow) }),
  },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export const CHANNELS = Object.keys(channels) as Channel[];
export type Args<C extends Channel> = z.input<Channels[C]['args']>;
export type Result<C extends Channel> = z.output<Channels[C]['result']>;

/** Events the main process pushes to the renderer. */
export const events = {
  'diagnose:progress': Progress,
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** `unavailable`: the page lost its server (browser mode); the service never answers with it. */
export const ErrorCode = z.enum(['bad-input', 'forbidden', 'not-found', 'conflict', 'cancelled', 'internal', 'unavailable']);
export type ErrorCode = z.infer<typeof ErrorCode>;
export const RpcError = z.object({ code: ErrorCode, message: z.string(), field: z.string().optional() });
export type RpcError = z.infer<typeof RpcError>;

/** Every answer crosses the process boundary as a value, never as a thrown error (IPC mangles those). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** What the renderer sees as window.rdpDoctor, in Electron (preload) and in the browser (web bridge). */
export interface RdpApi {
  invoke<C extends Channel>(channel: C, args: Args<C>): Promise<Envelope<Result<C>>>;
  on<E extends EventName>(event: E, listener: (payload: z.infer<(typeof events)[E]>) => void): () => void;
}

/** Turns a zod error into one sentence that names the field and the expected form. */
export function describeZodError(error: z.ZodError, root = 'args'): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: `${root}: invalid`, field: root };
  const field = [root, ...issue.path.map(String)].join('.');
  return { message: `${field}: ${issue.message}`, field };
}

/** Validates a channel's argument; the message names the field and what was expected. */
export function validateArgs<C extends Channel>(
  channel: string,
  args: unknown,
): { ok: true; channel: C; args: z.output<Channels[C]['args']> } | { ok: false; error: RpcError } {
  if (!Object.prototype.hasOwnProperty.call(channels, channel)) {
    return {
      ok: false,
      error: { code: 'bad-input', message: `channel: "${String(channel).slice(0, 80)}" is not a known channel`, field: 'channel' },
    };
  }
  const parsed = channels[channel as C].args.safeParse(args);
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error);
    return { ok: false, error: { code: 'bad-input', message, field } };
  }
  return { ok: true, channel: channel as C, args: parsed.data as z.output<Channels[C]['args']> };
}

// The data both processes exchange. Everything here is a zod schema with its inferred type, so the main
// process, the web bridge and the renderer check the same shapes at run time.
import { z } from 'zod';

export const SIDES = ['client', 'host'] as const;
export const Side = z.enum(SIDES);
export type Side = z.infer<typeof Side>;

export const STATUSES = ['pass', 'warn', 'fail', 'skipped', 'error'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/** The layers of CHECKLIST.md, in the order a connection crosses them. */
export const LAYERS = [
  'network',
  'negotiation',
  'certificate',
  'host-configuration',
  'services',
  'policy',
  'events',
  'client-leftovers',
  'information',
] as const;
export const Layer = z.enum(LAYERS);
export type Layer = z.infer<typeof Layer>;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/** One value the check read, shown to the technician as evidence. */
export const EvidenceItem = z.object({
  label: z.string(),
  value: JsonValue,
  /** Where the value came from: a registry path, a cmdlet, a probe layer. */
  source: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

/**
 * What the technician gave a fix (the session to log off): short scalar values under short names. Each fix
 * checks its own with its own schema (electron/engine/types.ts Fix.params); this bounds what crosses IPC.
 */
export const FixParams = z
  .record(
    z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/, 'expected a parameter name such as session'),
    z.union([z.string().max(200), z.number().finite(), z.boolean()]),
  )
  .refine((p) => Object.keys(p).length <= 8, 'expected at most 8 parameters');
export type FixParams = z.infer<typeof FixParams>;

/** One parameter a fix offers now, with the values the technician may pick (its default first). */
export const FixParameter = z.object({
  name: z.string(),
  label: z.string(),
  options: z.array(z.object({ value: z.union([z.string(), z.number()]), label: z.string() })),
});
export type FixParameter = z.infer<typeof FixParameter>;

export const FixInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  reversible: z.boolean(),
  lowersSecurity: z.boolean(),
  needsAdmin: z.boolean(),
  needsRestart: z.boolean(),
  dropsSessions: z.boolean(),
  /** Text the user must confirm before an irreversible or risky action runs. */
  confirmText: z.string().optional(),
  /** Why the fix cannot be applied now (not elevated, set by policy, ...). Absent when it can. */
  disabledReason: z.string().optional(),
  /** The parameters the technician may choose, when the fix takes any. */
  parameters: z.array(FixParameter).optional(),
});
export type FixInfo = z.infer<typeof FixInfo>;

export const Finding = z.object({
  id: z.string(),
  side: Side,
  layer: Layer,
  title: z.string(),
  status: Status,
  verdict: z.string(),
  evidence: z.array(EvidenceItem),
  fixes: z.array(FixInfo),
  /** Other checks that explain this finding (an event pointing at host.certificate, ...). */
  related: z.array(z.string()).default([]),
  /** Group Policy that controls the setting, when one does. */
  policy: z.string().optional(),
  durationMs: z.number(),
});
export type Finding = z.infer<typeof Finding>;

export const Cause = z.object({
  id: z.string(),
  title: z.string(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
  /** The fix to try first, as "checkId/fixId", or null when there is only guidance. */
  fix: z.string().nullable(),
  checkId: z.string(),
});
export type Cause = z.infer<typeof Cause>;

/** 'remote': a host reached from this PC through PowerShell Remoting or Azure Run Command (electron/reach). */
export const HostKind = z.enum(['powershell', 'simulated', 'remote']);
export type HostKind = z.infer<typeof HostKind>;

export const HostInfo = z.object({
  kind: HostKind,
  scenario: z.string().nullable(),
  scenarioSummary: z.string().nullable(),
  computerName: z.string(),
  os: z.string(),
  build: z.string(),
  elevated: z.boolean(),
  user: z.string(),
  /** True when the app itself runs inside an RDP session (SESSIONNAME starts with RDP-Tcp). */
  inRdpSession: z.boolean(),
  /** Set when the host is reached from this PC: how, under which name, and who it is (the journal's key). */
  remote: z
    .object({
      via: z.enum(['winrm-http', 'winrm-https', 'azure-run-command', 'simulated-winrm']),
      name: z.string(),
      machineSid: z.string().nullable(),
      vmId: z.string().nullable(),
    })
    .optional(),
});
export type HostInfo = z.infer<typeof HostInfo>;

export const Change = z.object({
  what: z.string(),
  before: JsonValue,
  after: JsonValue,
});
export type Change = z.infer<typeof Change>;

export const JOURNAL_STATES = ['pending', 'applied', 'failed', 'rolled-back'] as const;
export const JournalState = z.enum(JOURNAL_STATES);
export type JournalState = z.infer<typeof JournalState>;

export const JournalOutcome = z
  .object({
    newCertificate: z
      .object({ thumbprint: z.string().regex(/^[0-9A-Fa-f]{40}$/), notAfter: z.string().max(40) })
      .strict()
      .optional(),
  })
  .strict();
export type JournalOutcome = z.infer<typeof JournalOutcome>;

export const JournalEntry = z.object({
  id: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/),
  checkId: z.string(),
  fixId: z.string(),
  title: z.string(),
  state: JournalState,
  host: z.object({
    kind: HostKind,
    scenario: z.string().nullable(),
    stateFile: z.string().nullable(),
    /** A remote host's identity (name + machine SID or VM id): rollback refuses an entry of another host. */
    identity: z.string().optional(),
    /** How a remote host was reached when the entry was made (History and the report say so). */
    via: z.enum(['winrm-http', 'winrm-https', 'azure-run-command', 'simulated-winrm']).optional(),
  }),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
  rolledBackAt: z.string().nullable(),
  reversible: z.boolean(),
  lowersSecurity: z.boolean(),
  /** The fix takes effect only after the machine restarts (Schannel protocols, a Winsock reset). */
  needsRestart: z.boolean().optional(),
  /** Everything the fix needs to restore the prior state. Written before the fix changes anything. */
  snapshot: JsonValue,
  /** What the technician chose for the fix (the session to log off), as validated by the fix. */
  params: FixParams.optional(),
  /** Derived from the snapshot when read (never trusted from the file). */
  changes: z.array(Change),
  error: z.string().nullable(),
  /** A security downgrade's time box: when the host's one-time scheduled task reverts it; null: until reverted by hand. */
  revertAt: z.string().nullable().default(null),
  /** Who rolled it back: the technician, or the host's scheduled task at revertAt. */
  rolledBackBy: z.enum(['user', 'scheduled-task']).nullable().default(null),
  /**
   * Derived when read (never stored): revertAt has passed and the entry is still applied, so the host's
   * automatic revert did not run (the PC was off past the task's end, the task was deleted): roll it back now.
   */
  revertMissed: z.boolean().optional(),
  /**
   * What came of the fix where the plan could only describe it (the certificate Windows created). Structured
   * values only, never free text: `changes` are still derived from the snapshot, with these values filled in.
   */
  outcome: JournalOutcome.nullable().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const Diagnosis = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  target: z.string().nullable(),
  host: HostInfo,
  findings: z.array(Finding),
  causes: z.array(Cause),
  cancelled: z.boolean(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const ScenarioInfo = z.object({ name: z.string(), summary: z.string() });
export type ScenarioInfo = z.infer<typeof ScenarioInfo>;

export const Progress = z.object({
  runId: z.string(),
  checkId: z.string(),
  phase: z.enum(['started', 'finished']),
  finding: Finding.optional(),
  done: z.number(),
  total: z.number(),
});
export type Progress = z.infer<typeof Progress>;

// The report object every export format (PDF, HTML, JSON, the ticket summary) is rendered from. Owned by the
// report module; built by electron/report/build-report.ts from a Diagnosis, the journal and the probe.
// It is self-contained on purpose: a JSON report attached to a ticket must make sense without the app.
import { z } from 'zod';
import { Cause, Finding, HostInfo, HostKind, JournalEntry, JournalState, Status } from './model';
import { ProbeReport } from './probe';

export const REPORT_FORMATS = ['pdf', 'html', 'json'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const REPORT_SCHEMA_VERSION = 1 as const;

/** One side of the connection: the PC running Remote Desktop Connection, or the PC being connected to. */
export const MachineInfo = z.object({
  computerName: z.string(),
  os: z.string(),
  build: z.string(),
});
export type MachineInfo = z.infer<typeof MachineInfo>;

export const ReportHeader = z.object({
  runId: z.string(),
  /** What the user asked to connect to; null when only the host side was checked. */
  target: z.string().nullable(),
  client: MachineInfo,
  host: MachineInfo.extend({
    kind: HostKind,
    scenario: z.string().nullable(),
    scenarioSummary: z.string().nullable(),
    /** The app itself ran inside an RDP session, so a TermService restart would drop it. */
    inRdpSession: z.boolean(),
    /** Set when the host was reached from the helpdesk PC: how, under which name, and who it proved to be. */
    remote: HostInfo.shape.remote,
  }),
  appVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  generatedAt: z.string(),
  /** Who ran the app; "[redacted]" when the user asked for it. */
  ranBy: z.string(),
  ranByRedacted: z.boolean(),
  elevated: z.boolean(),
  cancelled: z.boolean(),
});
export type ReportHeader = z.infer<typeof ReportHeader>;

export const OVERALL_VERDICTS = ['healthy', 'warnings', 'problems', 'incomplete'] as const;
export const OverallVerdict = z.enum(OVERALL_VERDICTS);
export type OverallVerdict = z.infer<typeof OverallVerdict>;

export const StatusCounts = z.object({
  pass: z.number().int(),
  warn: z.number().int(),
  fail: z.number().int(),
  skipped: z.number().int(),
  error: z.number().int(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

export const RankedCause = Cause.extend({
  rank: z.number().int().min(1),
  /** Title of the check the cause comes from, so the summary reads without the findings table. */
  checkTitle: z.string(),
  /** Title of the fix to try first, when there is one. */
  fixTitle: z.string().nullable(),
  /** What this session did about it: the latest journal state of that fix, or null when nothing was tried. */
  fixState: JournalState.nullable(),
});
export type RankedCause = z.infer<typeof RankedCause>;

export const ReportSummary = z.object({
  verdict: OverallVerdict,
  /** One sentence: the verdict in plain words. */
  headline: z.string(),
  counts: StatusCounts,
  causes: z.array(RankedCause),
  openRiskCount: z.number().int(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** A journal entry as the report shows it. The snapshot is left out: it may hold key material or exports. */
export const ReportChange = JournalEntry.pick({
  checkId: true,
  fixId: true,
  title: true,
  state: true,
  createdAt: true,
  appliedAt: true,
  rolledBackAt: true,
  reversible: true,
  lowersSecurity: true,
  changes: true,
  error: true,
  host: true,
}).extend({
  entryId: z.string(),
  rolledBack: z.boolean(),
});
export type ReportChange = z.infer<typeof ReportChange>;

/** A security downgrade this app applied and that is still (or may still be) in place. */
export const OpenRisk = ReportChange.pick({
  entryId: true,
  checkId: true,
  fixId: true,
  title: true,
  appliedAt: true,
  changes: true,
}).extend({
  /** 'in-place' when applied; 'possibly-in-place' when the fix was interrupted after its snapshot. */
  certainty: z.enum(['in-place', 'possibly-in-place']),
  /** How to undo it, in words a technician can follow. */
  howToRevert: z.string(),
});
export type OpenRisk = z.infer<typeof OpenRisk>;

export const ProbeLayerRow = z.object({ label: z.string(), value: z.string() });
export type ProbeLayerRow = z.infer<typeof ProbeLayerRow>;

export const ProbeLayer = z.object({
  name: z.string(),
  status: Status.nullable(),
  /** The plain-words findings the probe wrote for this layer. */
  texts: z.array(z.string()),
  rows: z.array(ProbeLayerRow),
});
export type ProbeLayer = z.infer<typeof ProbeLayer>;

/** Bytes as they crossed the wire during X.224 negotiation (or any other layer that kept them). */
export const RawBytes = z.object({
  label: z.string(),
  hex: z.string().regex(/^([0-9a-f]{2}( [0-9a-f]{2})*)?$/, 'lower-case hex octets separated by single spaces'),
  /** Octets shown. */
  length: z.number().int().min(0),
  /** Octets recorded; larger than `length` when the appendix keeps only the start (TLS certificate chains). */
  totalLength: z.number().int().min(0),
});
export type RawBytes = z.infer<typeof RawBytes>;

export const ReportProbe = ProbeReport.pick({ target: true, host: true, port: true, startedAt: true, durationMs: true }).extend({
  findings: z.array(z.object({ layer: z.string(), status: Status, text: z.string() })),
  layers: z.array(ProbeLayer),
  raw: z.array(RawBytes),
});
export type ReportProbe = z.infer<typeof ReportProbe>;

/** One problem as the conclusion lists it: what it was, where on the connection's path, what it reads now. */
export const OutcomeProblem = z.object({
  checkId: z.string(),
  checkTitle: z.string(),
  step: z.string(),
  stepTitle: z.string(),
  /** A failed check is a proven fact; a warning only a possible cause. */
  proven: z.boolean(),
  found: z.string(),
  now: z.string().nullable(),
  nowStatus: Status.nullable(),
  fixTitle: z.string().nullable(),
  /** It passes only because a security downgrade made by this app is still in place. */
  workaround: z.boolean().optional(),
});
export type OutcomeProblem = z.infer<typeof OutcomeProblem>;

/** The troubleshooter's conclusion: what was found first, what is fixed, what is still open, in fix order. */
export const ReportOutcome = z.object({
  conclusion: z.enum(['not-checked', 'no-problem', 'problems', 'fixed', 'not-fixed', 'needs-follow-up']),
  headline: z.string(),
  next: z.string(),
  found: z.array(OutcomeProblem),
  open: z.array(OutcomeProblem),
});
export type ReportOutcome = z.infer<typeof ReportOutcome>;

export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  header: ReportHeader,
  summary: ReportSummary,
  /** Every check that ran, client side first, in the order a connection crosses the layers. */
  findings: z.array(Finding),
  /** Every change from the journal, oldest first. */
  changes: z.array(ReportChange),
  openRisks: z.array(OpenRisk),
  probe: ReportProbe.nullable(),
  /** Absent only in reports made before it existed. */
  outcome: ReportOutcome.optional(),
});
export type Report = z.infer<typeof Report>;

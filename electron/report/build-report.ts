// Builds the Report every export format renders, from what the service holds after a run: the diagnosis, the
// journal and the client probe. Pure (no clock unless `now` is left out, no I/O), so the app, the CLI and the
// tests produce the same report from the same inputs.
import { LAYERS, type Diagnosis, type Finding, type JournalEntry, type Status } from '../../shared/model';
import type { ProbeReport } from '../../shared/probe';
import {
  REPORT_SCHEMA_VERSION,
  Report,
  type MachineInfo,
  type OpenRisk,
  type OverallVerdict,
  type RankedCause,
  type ReportChange,
  type StatusCounts,
} from '../../shared/report';
import { normalizeProbe } from './probe-layers';
import { reportOutcome } from './outcome';
import { REDACTED, makeRedactor, namesToRedact, redactDeep } from './redact';

export interface BuildReportInput {
  diagnosis: Diagnosis;
  /** What the first run on this host found, before any fix; omitted when the diagnosis is that first run. */
  firstFindings?: Finding[];
  /** The journal entries of this session (the caller picks which; all are shown, oldest first). */
  journal: JournalEntry[];
  appVersion: string;
  ranBy: string;
  elevated: boolean;
  /** Hide the user name in the header and wherever it appears in the evidence. */
  redactUser: boolean;
  /** The PC that runs Remote Desktop Connection (electron/report/client-host.ts reads this one). */
  clientHost?: MachineInfo;
  probe?: ProbeReport | null;
  now?: Date;
}

const UNKNOWN_MACHINE: MachineInfo = { computerName: 'unknown', os: 'unknown', build: 'unknown' };

function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) => (f.side === 'client' ? 0 : 1) * 100 + LAYERS.indexOf(f.layer);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => key(a.f) - key(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

function countStatuses(findings: Finding[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, skipped: 0, error: 0 };
  for (const f of findings) counts[f.status satisfies Status] += 1;
  return counts;
}

function overallVerdict(counts: StatusCounts, cancelled: boolean, openRisks: number, total: number): OverallVerdict {
  if (counts.fail > 0) return 'problems';
  if (cancelled || counts.error > 0 || total === 0) return 'incomplete';
  if (counts.warn > 0 || openRisks > 0) return 'warnings';
  return 'healthy';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function headline(
  verdict: OverallVerdict,
  counts: StatusCounts,
  first: { found: string } | undefined,
  openRisks: number,
  total: number,
): string {
  const top = first ? { title: first.found } : undefined;
  const risk =
    openRisks > 0 ? ` ${plural(openRisks, 'security downgrade')} made by this app ${openRisks === 1 ? 'is' : 'are'} still in place.` : '';
  switch (verdict) {
    case 'problems':
      return `${plural(counts.fail, 'check')} failed${top ? `; fix first: ${top.title.replace(/[.!?]+$/, '')}.` : '.'}${risk}`;
    case 'incomplete':
      if (total === 0) return `No check has run yet.${risk}`;
      return `The diagnosis is incomplete: ${plural(counts.error, 'check')} could not run${counts.warn ? ` and ${plural(counts.warn, 'check')} warned` : ''}.${risk}`;
    case 'warnings':
      return counts.warn ? `No check failed, but ${plural(counts.warn, 'check')} warned.${risk}` : `No check failed or warned.${risk}`;
    case 'healthy':
      // Skipped checks did not pass: "All 13 checks passed" over 7 passes and 6 skips told a technician too much.
      return counts.skipped
        ? `${plural(counts.pass, 'check')} passed, ${counts.skipped} skipped; none failed.`
        : `All ${plural(total, 'check')} passed.`;
  }
}

function latestEntry(journal: JournalEntry[], checkId: string, fixId: string): JournalEntry | undefined {
  return journal.filter((e) => e.checkId === checkId && e.fixId === fixId).at(-1);
}

function rankCauses(diagnosis: Diagnosis, journal: JournalEntry[]): RankedCause[] {
  const byId = new Map(diagnosis.findings.map((f) => [f.id, f]));
  return diagnosis.causes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.confidence - a.c.confidence || a.i - b.i)
    .map(({ c }, i) => {
      const [checkId, fixId] = c.fix ? splitFix(c.fix, c.checkId) : [c.checkId, null];
      const fix = fixId ? byId.get(checkId)?.fixes.find((x) => x.id === fixId) : undefined;
      const entry = fixId ? latestEntry(journal, checkId, fixId) : undefined;
      return {
        ...c,
        rank: i + 1,
        checkTitle: byId.get(c.checkId)?.title ?? c.checkId,
        fixTitle: fix?.title ?? (c.fix ? c.fix : null),
        fixState: entry?.state ?? null,
      };
    });
}

function splitFix(fix: string, fallbackCheck: string): [string, string] {
  const slash = fix.lastIndexOf('/');
  return slash === -1 ? [fallbackCheck, fix] : [fix.slice(0, slash), fix.slice(slash + 1)];
}

function toChange(e: JournalEntry): ReportChange {
  return {
    entryId: e.id,
    checkId: e.checkId,
    fixId: e.fixId,
    title: e.title,
    state: e.state,
    createdAt: e.createdAt,
    appliedAt: e.appliedAt,
    rolledBackAt: e.rolledBackAt,
    reversible: e.reversible,
    lowersSecurity: e.lowersSecurity,
    rolledBack: e.state === 'rolled-back',
    changes: e.changes,
    error: e.error,
    // Which host it changed and how it was reached; a simulated state file's path is this PC's business, not the report's.
    host: { ...e.host, stateFile: null },
  };
}

function toOpenRisk(e: JournalEntry): OpenRisk | null {
  // A pending entry means the fix was interrupted after its snapshot: the downgrade may be half in place.
  if (!e.lowersSecurity || (e.state !== 'applied' && e.state !== 'pending')) return null;
  const missed = e.revertMissed && e.revertAt ? `The automatic revert did not run (it was due ${e.revertAt}): roll it back now. ` : '';
  const howToRevert = e.reversible
    ? `${missed}Roll back journal entry ${e.id}: in the app, Journal → Roll back; on the command line, rdp-doctor rollback ${e.id}.`
    : `This change cannot be rolled back automatically: set the values back to the "before" column by hand.`;
  return {
    entryId: e.id,
    checkId: e.checkId,
    fixId: e.fixId,
    title: e.title,
    appliedAt: e.appliedAt,
    certainty: e.state === 'applied' ? 'in-place' : 'possibly-in-place',
    changes: e.changes,
    howToRevert,
  };
}

export function buildReport(input: BuildReportInput): Report {
  const { diagnosis } = input;
  const journal = [...input.journal].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const findings = sortFindings(diagnosis.findings);
  const counts = countStatuses(findings);
  const openRisks = journal.map(toOpenRisk).filter((r): r is OpenRisk => r !== null);
  const causes = rankCauses(diagnosis, journal);
  const verdict = overallVerdict(counts, diagnosis.cancelled, openRisks.length, findings.length);
  const host = diagnosis.host;
  const durationMs = Math.max(0, Date.parse(diagnosis.finishedAt) - Date.parse(diagnosis.startedAt)) || 0;

  const outcome = reportOutcome(input.firstFindings ?? [], diagnosis.findings, journal, diagnosis.host.computerName);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    header: {
      runId: diagnosis.runId,
      target: diagnosis.target,
      client: input.clientHost ?? UNKNOWN_MACHINE,
      host: {
        computerName: host.computerName,
        os: host.os,
        build: host.build,
        kind: host.kind,
        scenario: host.scenario,
        scenarioSummary: host.scenarioSummary,
        inRdpSession: host.inRdpSession,
        ...(host.remote ? { remote: host.remote } : {}),
      },
      appVersion: input.appVersion,
      startedAt: diagnosis.startedAt,
      finishedAt: diagnosis.finishedAt,
      durationMs,
      generatedAt: (input.now ?? new Date()).toISOString(),
      ranBy: input.ranBy,
      ranByRedacted: input.redactUser,
      elevated: input.elevated,
      cancelled: diagnosis.cancelled,
    },
    summary: {
      verdict,
      headline: headline(verdict, counts, outcome.open[0], openRisks.length, findings.length),
      counts,
      causes,
      openRiskCount: openRisks.length,
    },
    findings,
    changes: journal.map(toChange),
    openRisks,
    probe: input.probe ? normalizeProbe(input.probe) : null,
    outcome,
  };

  if (!input.redactUser) return Report.parse(report);
  const redact = makeRedactor(namesToRedact([input.ranBy, host.user]));
  const redacted = redactDeep(report, redact);
  redacted.header.ranBy = REDACTED;
  return Report.parse(redacted);
}

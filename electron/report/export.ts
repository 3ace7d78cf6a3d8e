// The report module's entry points for the two callers that hold a finished run: the service's
// 'report:export' / 'report:summary' channels and the CLI's `diagnose --report FILE`. Both gather the same
// inputs (diagnosis, journal, probe, host) and differ only in where the bytes go.
import type { Diagnosis, Finding, HostInfo, JournalEntry } from '../../shared/model';
import { ProbeReport } from '../../shared/probe';
import type { Report, ReportFormat } from '../../shared/report';
import { APP_VERSION } from '../app/version';
import type { ServiceHooks } from '../app/service-types';
import { buildReport } from './build-report';
import { localClientHost, localUserName } from './client-host';
import { renderText } from './render-text';
import { electronPrintToPdfOptions } from './pdf-options';
import { renderHtml } from './render-html';
import { MIME_TYPES, reportFilename, reportToBytes, writeReport, type ReportBytes } from './write-report';

/**
 * How the Electron shell prints: the same HTML in its hidden sandboxed window through printToPDF, with the
 * options given. When the hooks have no printer, the PDF is made with playwright-core like the CLI.
 */
export type PrintPdf = (html: string, options: ReturnType<typeof electronPrintToPdfOptions>) => Promise<Buffer>;

export interface ReportSource {
  redactUser: boolean;
  /** The last run; null when none has run yet (the report then still lists the journal and its open risks). */
  diagnosis: Diagnosis | null;
  /** What the first run on this host found (the service keeps it across fixes); empty or absent: the diagnosis is it. */
  firstFindings?: Finding[];
  journal: JournalEntry[];
  hostInfo: HostInfo;
  /** The client probe's report when one ran; anything else is ignored. */
  probe: unknown;
  browserPath?: string;
}

function emptyDiagnosis(host: HostInfo, now: Date): Diagnosis {
  const at = now.toISOString();
  return { runId: 'no-run', startedAt: at, finishedAt: at, target: null, host, findings: [], causes: [], cancelled: false };
}

/** The user who ran the app: on a real host the session's account, on a simulated one this process's. */
function ranBy(host: HostInfo): string {
  return host.kind === 'powershell' && host.user ? host.user : localUserName();
}

export function reportFrom(source: ReportSource, now = new Date()): Report {
  const probe = ProbeReport.safeParse(source.probe);
  return buildReport({
    diagnosis: source.diagnosis ?? emptyDiagnosis(source.hostInfo, now),
    firstFindings: source.firstFindings,
    journal: source.journal,
    appVersion: APP_VERSION,
    ranBy: ranBy(source.hostInfo),
    elevated: source.hostInfo.elevated,
    redactUser: source.redactUser,
    clientHost: localClientHost(),
    probe: probe.success ? probe.data : null,
    now,
  });
}

/** 'report:export': the file through the save hook when there is one (Electron), else base64 for a download. */
export async function exportReport(source: ReportSource & { format: ReportFormat; hooks?: ServiceHooks }) {
  const report = reportFrom(source);
  const printPdf = source.hooks?.printPdf;
  const bytes: ReportBytes =
    source.format === 'pdf' && printPdf
      ? {
          filename: reportFilename(report, 'pdf'),
          mimeType: MIME_TYPES.pdf,
          data: await printPdf(renderHtml(report), electronPrintToPdfOptions(report)),
        }
      : await reportToBytes(report, source.format, { browserPath: source.browserPath });
  const { filename, mimeType, data } = bytes;
  const saved = source.hooks?.saveFile ? await source.hooks.saveFile(filename, mimeType, data) : null;
  return { path: saved, filename, mimeType, dataBase64: source.hooks?.saveFile ? null : data.toString('base64') };
}

/** 'report:summary': the "Copy summary" text. */
export function summarizeReport(source: ReportSource): string {
  return renderText(reportFrom(source));
}

/** `diagnose --report FILE`: writes the format the extension names and returns the absolute path. */
export async function writeCliReport(
  file: string,
  input: { diagnosis: Diagnosis; journal: JournalEntry[]; probe: unknown; redactUser: boolean; browserPath?: string },
): Promise<string> {
  const report = reportFrom({ ...input, hostInfo: input.diagnosis.host });
  return (await writeReport(report, file, { browserPath: input.browserPath })).path;
}

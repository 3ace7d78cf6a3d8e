// Report export for the service. Filled in by the report module (electron/report).
import type { Diagnosis, HostInfo, JournalEntry } from '../../shared/model';
import type { ReportFormat } from '../../shared/report';
import type { ServiceHooks } from './service-types';

export interface ReportInput {
  redactUser: boolean;
  diagnosis: Diagnosis | null;
  journal: JournalEntry[];
  hostInfo: HostInfo;
  probe: unknown;
}

export async function exportReport(input: ReportInput & { format: ReportFormat; hooks?: ServiceHooks }) {
  const data = Buffer.from(JSON.stringify({ diagnosis: input.diagnosis, journal: input.journal }, null, 2));
  const filename = `rdp-doctor-report.${input.format}`;
  const path = input.hooks?.saveFile ? await input.hooks.saveFile(filename, 'application/json', data) : null;
  return { path, filename, mimeType: 'application/json', dataBase64: path ? null : data.toString('base64') };
}

export function summarizeReport(input: ReportInput): string {
  return input.diagnosis ? input.diagnosis.causes.map((c) => c.title).join('\n') : 'No diagnosis has run yet.';
}

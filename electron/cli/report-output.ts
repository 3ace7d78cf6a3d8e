// diagnose --report FILE: the extension picks the format. Replaced by the report module's writer.
import { writeFileSync } from 'node:fs';
import type { Diagnosis, JournalEntry } from '../../shared/model';

export interface CliReportInput {
  diagnosis: Diagnosis;
  journal: JournalEntry[];
  probe: unknown;
  redactUser: boolean;
  browserPath?: string;
}

export async function writeCliReport(file: string, input: CliReportInput): Promise<string> {
  writeFileSync(file, JSON.stringify(input, null, 2));
  return file;
}

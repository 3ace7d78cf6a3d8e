// Writing a report: the extension picks the format (the CLI's `--report FILE`), the file appears whole or not
// at all (temp file in the same folder, fsync, rename), and the service gets the same bytes for 'report:export'.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPORT_FORMATS, type Report, type ReportFormat } from '../../shared/report';
import { renderHtml } from './render-html';
import { renderPdf, type PdfRenderOptions } from './render-pdf';

export interface ReportBytes {
  filename: string;
  mimeType: string;
  data: Buffer;
}

export const MIME_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
};

/** Bad `--report` path: exit 2 in the CLI, and the message names the field. */
export class ReportPathError extends Error {
  readonly field = 'report';
  constructor(message: string) {
    super(message);
    this.name = 'ReportPathError';
  }
}

export function formatFromPath(file: string): ReportFormat {
  const ext = path.extname(file).slice(1).toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(ext)) return ext as ReportFormat;
  throw new ReportPathError(
    `--report: "${path.basename(file)}" has ${ext ? `the extension .${ext}` : 'no extension'}; expected a file ending in ${REPORT_FORMATS.map((f) => `.${f}`).join(', ')}`,
  );
}

/** "rdp-doctor-<target>-<run time>.<ext>", safe on every file system. */
export function reportFilename(report: Report, format: ReportFormat): string {
  const who = (report.header.target ?? report.header.host.computerName).replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60) || 'host';
  const when = report.header.startedAt.replace(/[^0-9]/g, '').slice(0, 14) || 'run';
  return `rdp-doctor-${who}-${when}.${format}`;
}

export async function reportToBytes(report: Report, format: ReportFormat, opts: PdfRenderOptions = {}): Promise<ReportBytes> {
  const filename = reportFilename(report, format);
  const mimeType = MIME_TYPES[format];
  switch (format) {
    case 'json':
      return { filename, mimeType, data: Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8') };
    case 'html':
      return { filename, mimeType, data: Buffer.from(renderHtml(report), 'utf8') };
    case 'pdf':
      return { filename, mimeType, data: await renderPdf(report, opts) };
  }
}

export async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Renders `report` in the format the extension of `file` names and writes it atomically. */
export async function writeReport(
  report: Report,
  file: string,
  opts: PdfRenderOptions = {},
): Promise<{ path: string; format: ReportFormat; bytes: number }> {
  const format = formatFromPath(file);
  const { data } = await reportToBytes(report, format, opts);
  const target = path.resolve(file);
  await writeFileAtomic(target, data);
  return { path: target, format, bytes: data.length };
}

// Report export to PDF and to disk. The report HTML quotes host values, so it is rendered in a hidden window
// with JavaScript off, no preload, its own session and no network; the file is written only where the user
// picked in a save dialog.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow as BrowserWindowType, Dialog, PrintToPDFOptions, SaveDialogOptions, Session } from 'electron';
import { lockDownPermissions } from './permissions';
import { PRINT_PARTITION, printWindowOptions } from './window-options';

/** Only the report file itself may load; images must be inline (data:). Everything else is cancelled. */
export function printRequestAllowed(requestUrl: string, reportUrl: string): boolean {
  if (requestUrl.startsWith('data:')) return true;
  return requestUrl === reportUrl;
}

const EXTENSIONS: Record<string, { ext: string; name: string }> = {
  'application/pdf': { ext: 'pdf', name: 'PDF document' },
  'text/html': { ext: 'html', name: 'Web page' },
  'application/json': { ext: 'json', name: 'JSON' },
};

/** A file name the service proposed, reduced to a safe base name with the extension its type implies. */
export function safeFilename(proposed: string, mimeType: string): string {
  const known = EXTENSIONS[mimeType.split(';')[0]!.trim().toLowerCase()];
  const base = path.win32
    .basename(path.posix.basename(proposed))
    // eslint-disable-next-line no-control-regex -- file name sanitising: control characters are replaced
    .replace(/[\u0000-\u001f<>:"/\\|?*\u007f]/g, '_')
    .replace(/^[. ]+|[. ]+$/g, '')
    .slice(0, 120);
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'rdp-doctor-report';
  // Windows reserves these names in every folder.
  const safeStem = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i.test(stem) ? `${stem}_` : stem;
  return known ? `${safeStem}.${known.ext}` : base || 'rdp-doctor-report';
}

export function saveDialogOptions(filename: string, mimeType: string, documentsDir: string): SaveDialogOptions {
  const name = safeFilename(filename, mimeType);
  const known = EXTENSIONS[mimeType.split(';')[0]!.trim().toLowerCase()];
  return {
    title: 'Save the RDP Doctor report',
    defaultPath: path.join(documentsDir, name),
    filters: known ? [{ name: known.name, extensions: [known.ext] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export interface ElectronForPdf {
  BrowserWindow: typeof BrowserWindowType;
  session: { fromPartition(partition: string): Session };
}

/** Renders report HTML to PDF bytes in a hidden, script-less window (the report module picks the page options). */
export async function renderPdf(electron: ElectronForPdf, html: string, options: PrintToPDFOptions): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-print-'));
  const file = path.join(dir, 'report.html');
  const reportUrl = pathToFileURL(file).href;
  const printSession = electron.session.fromPartition(PRINT_PARTITION);
  lockDownPermissions(printSession, () => null);
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !printRequestAllowed(details.url, reportUrl) }));
  const window = new electron.BrowserWindow(printWindowOptions());
  try {
    await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
    await window.loadFile(file);
    return await window.webContents.printToPDF(options);
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The ServiceHooks.saveFile implementation: a save dialog, then the bytes to the chosen path. */
export async function saveWithDialog(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  parent: BrowserWindowType | null,
  documentsDir: string,
  filename: string,
  mimeType: string,
  data: Buffer,
): Promise<string | null> {
  const options = saveDialogOptions(filename, mimeType, documentsDir);
  const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (answer.canceled || !answer.filePath) return null;
  await writeFile(answer.filePath, data);
  return answer.filePath;
}

import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dialog } from 'electron';
import { printRequestAllowed, safeFilename, saveDialogOptions, saveWithDialog } from '../../electron/main/print-pdf';
import { HOSTILE_SAMPLES } from './hostile';

describe('report export', () => {
  it('the print window may load only the report file and inline data', () => {
    const report = 'file:///tmp/rdp-doctor-print-x/report.html';
    expect(printRequestAllowed(report, report)).toBe(true);
    expect(printRequestAllowed('data:image/png;base64,AAAA', report)).toBe(true);
    for (const url of [
      'https://evil.example/pixel.gif',
      'file:///etc/passwd',
      'file:///tmp/rdp-doctor-print-x/other.html',
      '\\\\evil\\share\\x.png',
    ]) {
      expect(printRequestAllowed(url, report)).toBe(false);
    }
  });

  it("proposed file names become safe base names with the type's extension", () => {
    expect(safeFilename('rdp-doctor-SERVER01-20261121.pdf', 'application/pdf')).toBe('rdp-doctor-SERVER01-20261121.pdf');
    expect(safeFilename('..\\..\\Windows\\System32\\evil.exe', 'application/pdf')).toBe('evil.pdf');
    expect(safeFilename('../../etc/cron.d/x', 'text/html')).toBe('x.html');
    expect(safeFilename('CON', 'application/json')).toBe('CON_.json');
    for (const text of HOSTILE_SAMPLES) {
      const name = safeFilename(text, 'application/pdf');
      expect(name).toMatch(/\.pdf$/);
      // eslint-disable-next-line no-control-regex -- asserts no control characters reached the file name
      expect(name).not.toMatch(/[\u0000-\u001f<>:"/\\|?*]/);
      expect(name.length).toBeLessThanOrEqual(124);
    }
  });

  it('the dialog starts in Documents with a filter for the type', () => {
    const options = saveDialogOptions('r.pdf', 'application/pdf', '/home/u/Documents');
    expect(options.defaultPath).toBe(path.join('/home/u/Documents', 'r.pdf'));
    expect(options.filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
  });

  it('writes only where the user chose, and nothing when cancelled', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-save-'));
    const chosen = path.join(dir, 'chosen.pdf');
    const dialog = (answer: { canceled: boolean; filePath?: string }) =>
      ({ showSaveDialog: async () => answer }) as unknown as Pick<Dialog, 'showSaveDialog'>;
    expect(await saveWithDialog(dialog({ canceled: true }), null, dir, 'r.pdf', 'application/pdf', Buffer.from('x'))).toBeNull();
    expect(
      await saveWithDialog(dialog({ canceled: false, filePath: chosen }), null, dir, 'r.pdf', 'application/pdf', Buffer.from('%PDF')),
    ).toBe(chosen);
    expect(readFileSync(chosen, 'utf8')).toBe('%PDF');
  });
});

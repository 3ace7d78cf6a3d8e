// 'report:export' and 'report:summary' through the real app service: the same Report behind every format.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/app/service';
import type { AppService } from '../../electron/app/service-types';
import { Report } from '../../shared/report';
import { tempDir } from '../support/sim';

let service: AppService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

async function open(saveFile?: (name: string, mime: string, data: Buffer) => Promise<string | null>) {
  const dir = tempDir();
  service = await createAppService({
    host: { kind: 'simulated', scenario: 'rdp-disabled', stateFile: path.join(dir, 'state.json') },
    dataDir: dir,
    hooks: saveFile ? { saveFile } : undefined,
  });
  return service;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('report export through the service', () => {
  it('exports JSON that validates, HTML, a PDF, and a summary, after a run', { timeout: 60_000 }, async () => {
    const s = await open();
    ok(await s.invoke('diagnose:run', { target: null }));
    const json = ok(await s.invoke('report:export', { format: 'json', redactUser: false }));
    expect(json.mimeType).toBe('application/json');
    expect(json.path).toBeNull();
    const report = Report.parse(JSON.parse(Buffer.from(json.dataBase64!, 'base64').toString('utf8')));
    expect(report.findings.find((f) => f.id === 'host.rdp-enabled')?.status).toBe('fail');
    expect(report.header.host.scenario).toBe('rdp-disabled');

    const html = ok(await s.invoke('report:export', { format: 'html', redactUser: true }));
    expect(html.filename).toMatch(/\.html$/);
    expect(Buffer.from(html.dataBase64!, 'base64').toString('utf8')).toContain('<!doctype html>');

    const pdf = ok(await s.invoke('report:export', { format: 'pdf', redactUser: false }));
    expect(pdf.mimeType).toBe('application/pdf');
    expect(Buffer.from(pdf.dataBase64!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const { text } = ok(await s.invoke('report:summary', { redactUser: false }));
    expect(text).toMatch(/^RDP Doctor report - PROBLEMS FOUND/);
    expect(text).toContain('[FAIL] host.rdp-enabled');
  });

  it('hands the file to the save hook in the desktop app, and exports the journal before any run', async () => {
    const saved: Array<{ name: string; mime: string; size: number }> = [];
    const s = await open(async (name, mime, data) => {
      saved.push({ name, mime, size: data.length });
      return `/saved/${name}`;
    });
    const r = ok(await s.invoke('report:export', { format: 'json', redactUser: false }));
    expect(r.path).toBe(`/saved/${r.filename}`);
    expect(r.dataBase64).toBeNull();
    expect(saved).toEqual([{ name: r.filename, mime: 'application/json', size: expect.any(Number) }]);
    const { text } = ok(await s.invoke('report:summary', { redactUser: false }));
    expect(text).toContain('No check has run yet.');
  });
});

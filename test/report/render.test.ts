import fc from 'fast-check';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../electron/report/html';
import { electronPrintToPdfOptions, footerTemplate, playwrightPdfOptions } from '../../electron/report/pdf-options';
import { renderHtml } from '../../electron/report/render-html';
import { BrowserNotFoundError, chooseBrowser, launchArgs } from '../../electron/report/render-pdf';
import { renderText } from '../../electron/report/render-text';
import { ReportPathError, formatFromPath, reportFilename, reportToBytes, writeReport } from '../../electron/report/write-report';
import { Report } from '../../shared/report';
import { HOSTILE, diagnosis, multiFaultReport } from './fixture';

describe('renderHtml', () => {
  const report = multiFaultReport();
  const page = renderHtml(report);

  it('is one standalone document: no scripts, no external resources', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toMatch(/<html lang="en">/);
    expect(page).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i);
    expect(page).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/|file:)/i);
  });

  it('escapes host values: the hostile certificate subject shows as text', () => {
    expect(page).not.toContain('<img');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain(escapeHtml(HOSTILE));
  });

  it('escapes any string in any field', () => {
    const evil = fc.stringMatching(/^[<>&"'a-z= /()]{1,40}$/);
    fc.assert(
      fc.property(evil, evil, evil, (title, verdict, value) => {
        const findings = diagnosis.findings.map((f, i) =>
          i === 0 ? { ...f, title, verdict, evidence: [{ label: value, value, source: value }] } : f,
        );
        const causes = diagnosis.causes.map((c) => ({ ...c, title, evidence: [value] }));
        const hostile = multiFaultReport({ diagnosis: { ...diagnosis, target: value, runId: value, findings, causes }, ranBy: value });
        const out = renderHtml(hostile);
        // Every tag in the output is one the renderer writes itself.
        const tags = new Set([...out.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1]!.toLowerCase()));
        const allowed =
          'html head meta title style body header div h1 h2 h3 p strong dl dt dd table caption thead tbody tr th td span code main section ul ol li br colgroup col pre footer';
        for (const t of tags) expect(allowed.split(' ')).toContain(t);
        expect(footerTemplate(hostile)).not.toMatch(/<(?!\/?(div|span)[ >])/);
      }),
      { numRuns: 100 },
    );
  });

  it('shows the summary first, then checks, changes, probe and appendix', () => {
    // Open risks come before the changes when there are any, so page 1 never pushes them off.
    const order = [
      'Conclusion',
      'Problems, in the order to fix them',
      'Open risks',
      'What was changed',
      'Every check',
      'Changes made in this session',
      'Client probe',
      'Appendix: raw negotiation bytes',
    ];
    const positions = order.map((h) => page.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('shows status by word and icon, not colour alone', () => {
    expect(page).toContain('<span class="icon" aria-hidden="true">✖</span>Fail');
    expect(page).toContain('<span class="icon" aria-hidden="true">✔</span>Pass');
    expect(page).toContain('<span class="icon" aria-hidden="true">⚠</span>Warning');
    expect(page).toContain('<span class="icon" aria-hidden="true">⊘</span>Skipped');
  });

  it('keeps rows whole and headers repeated in print', () => {
    expect(page).toMatch(/tr \{ break-inside: avoid;/);
    expect(page).toMatch(/thead \{ display: table-header-group; \}/);
    expect(page).toMatch(/@page \{ size: A4; margin:/);
  });

  it('says so when there is nothing to show', () => {
    const empty = multiFaultReport({ journal: [], probe: null, diagnosis: { ...diagnosis, findings: [], causes: [] } });
    const out = renderHtml(empty);
    expect(out).toContain('No change was made');
    expect(out).toContain('Open risks: none');
    expect(out).toContain('The handshake probe did not run');
    expect(out).toContain('No raw bytes were recorded');
  });
});

describe('renderText', () => {
  const text = renderText(multiFaultReport());

  it('is a short ticket summary with the verdict, causes, open risks and changes', () => {
    expect(text.split('\n').length).toBeLessThan(45);
    expect(text).toContain('PROBLEMS FOUND');
    expect(text).toContain('CONCLUSION:');
    // Problems in the order a connection crosses them: firewall, security layer, certificate.
    const at = (t: string) => text.indexOf(t);
    expect(at('The Remote Desktop firewall rules are disabled')).toBeGreaterThan(0);
    expect(at('The Remote Desktop firewall rules are disabled')).toBeLessThan(at('SecurityLayer is 0'));
    expect(at('SecurityLayer is 0')).toBeLessThan(at('The self-signed RDP certificate expired'));
    expect(text).toContain('Firewall rule RemoteDesktop-UserMode-In-TCP Enabled: false -> true');
    expect(text).toContain('OPEN RISKS (security downgrades still in place): 1');
    expect(text).toContain('RDP-Tcp UserAuthentication (REG_DWORD): 1 -> 0');
    expect(text).toContain('Remove the broken custom certificate binding (host.certificate/remove-binding): rolled-back');
    expect(text).toContain('[FAIL] host.certificate');
    expect(text).not.toContain('[PASS]');
  });

  it('honours redaction', () => {
    expect(renderText(multiFaultReport({ redactUser: true }))).not.toMatch(/jdoe/i);
  });
});

describe('PDF options', () => {
  const report = multiFaultReport();

  it('puts the run id and page numbers in the footer, escaped', () => {
    const footer = footerTemplate(report);
    expect(footer).toContain('run run-20261121T101500Z-7c1e');
    expect(footer).toContain('<span class="pageNumber"></span>');
    expect(footer).toContain('<span class="totalPages"></span>');
    const hostile = multiFaultReport({ diagnosis: { ...diagnosis, runId: '<b>x</b>' } });
    expect(footerTemplate(hostile)).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('gives Electron and Playwright the same page setup', () => {
    // Typed against Electron's own declaration (global through electron/main), so the shell can pass it as is.
    const electron: Electron.PrintToPDFOptions = electronPrintToPdfOptions(report);
    const pw = playwrightPdfOptions(report);
    expect(electron.footerTemplate).toBe(pw.footerTemplate);
    expect(electron.headerTemplate).toBe(pw.headerTemplate);
    expect(electron.margins!.bottom! * 25.4).toBeCloseTo(parseFloat(pw.margin.bottom));
    expect(electron.displayHeaderFooter && pw.displayHeaderFooter).toBe(true);
  });
});

describe('browser choice', () => {
  it('uses Edge on Windows and /usr/bin/chromium on Linux', () => {
    // Edge from Program Files only: the per-user %LOCALAPPDATA% copy is never used.
    const programFilesEdge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(chooseBrowser({ platform: 'win32' }, (p) => p === programFilesEdge)).toEqual({ executablePath: programFilesEdge });
    expect(() => chooseBrowser({ platform: 'win32' }, (p) => /AppData\\Local/i.test(p))).toThrow(BrowserNotFoundError);
    expect(chooseBrowser({ platform: 'linux' }, (p) => p === '/usr/bin/chromium')).toEqual({ executablePath: '/usr/bin/chromium' });
    expect(chooseBrowser({ platform: 'win32', browserPath: 'C:\\b\\chrome.exe' }, () => true)).toEqual({
      executablePath: 'C:\\b\\chrome.exe',
    });
  });

  it('names the option when no browser is found', () => {
    expect(() => chooseBrowser({ platform: 'linux' }, () => false)).toThrow(BrowserNotFoundError);
    expect(() => chooseBrowser({ platform: 'linux' }, () => false)).toThrow(/--browser PATH/);
    expect(() => chooseBrowser({ browserPath: '/nope/chrome' }, () => false)).toThrow(
      /^browser: no browser executable at "\/nope\/chrome".*--browser PATH/,
    );
  });

  it('launches with the flags this machine needs', () => {
    expect(launchArgs(true)).toEqual([
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]);
    expect(launchArgs(false)).not.toContain('--no-sandbox');
  });
});

describe('writeReport and reportToBytes', () => {
  const report = multiFaultReport();

  it('picks the format from the extension and names --report otherwise', () => {
    expect(formatFromPath('a/b/out.pdf')).toBe('pdf');
    expect(formatFromPath('OUT.HTML')).toBe('html');
    expect(formatFromPath('x.json')).toBe('json');
    for (const bad of ['out.txt', 'out', 'out.pdf.bak']) {
      expect(() => formatFromPath(bad)).toThrow(ReportPathError);
      expect(() => formatFromPath(bad)).toThrow(/^--report: .*expected a file ending in \.pdf, \.html, \.json$/);
    }
    try {
      formatFromPath('x.doc');
    } catch (err) {
      expect((err as ReportPathError).field).toBe('report');
    }
  });

  it('returns bytes, a file name and a MIME type for the export channel; JSON validates', async () => {
    const json = await reportToBytes(report, 'json');
    expect(json.mimeType).toBe('application/json');
    expect(json.filename).toBe('rdp-doctor-ws-fin-042.contoso.local-20261121101500.json');
    expect(Report.safeParse(JSON.parse(json.data.toString('utf8'))).success).toBe(true);
    const html = await reportToBytes(report, 'html');
    expect(html.mimeType).toMatch(/^text\/html/);
    expect(html.data.toString('utf8')).toBe(renderHtml(report));
    expect(reportFilename(multiFaultReport({ diagnosis: { ...diagnosis, target: '../../etc/passwd' } }), 'pdf')).toBe(
      'rdp-doctor-.._.._etc_passwd-20261121101500.pdf',
    );
  });

  it('writes atomically: the old file is replaced whole and no temp file is left', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-report-'));
    const file = path.join(dir, 'r.json');
    await writeFile(file, 'old');
    const result = await writeReport(report, file);
    expect(result).toMatchObject({ path: file, format: 'json' });
    expect(Report.parse(JSON.parse(await readFile(file, 'utf8'))).header.runId).toBe(report.header.runId);
    expect(await readdir(dir)).toEqual(['r.json']);
    await expect(writeReport(report, path.join(dir, 'r.txt'))).rejects.toThrow(/^--report:/);
    await expect(writeReport(report, path.join(dir, 'missing-dir', 'r.json'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['r.json']);
  });
});

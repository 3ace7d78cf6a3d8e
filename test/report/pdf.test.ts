// The fixture report through a real Chromium: the printed HTML as a DOM (status beside each title), the PDF's
// text page by page (what a search or a ticket system sees; see report-facts.ts for why it holds whatever the
// layout), its pages as PNG for a human, and the HTML under axe-core.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../electron/report/render-html';
import { chooseBrowser, launchArgs } from '../../electron/report/render-pdf';
import { writeReport } from '../../electron/report/write-report';
import { ARTIFACTS, loose, renderPages } from './pdf-tools';
import { HOSTILE, multiFaultReport } from './fixture';
import { STATUS_WORD, blocksInHtml, footerProblems, missingFromPdf, pdfPages, statusesInHtml } from './report-facts';

const require = createRequire(import.meta.url);
const report = multiFaultReport();

describe('PDF of the multi-fault fixture', () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'fixture.pdf');
  const html = renderHtml(report);

  it('the printed HTML shows each check with its own status beside its title', { timeout: 60_000 }, async () => {
    const found = await statusesInHtml(html, report.findings);
    expect(found).toEqual(Object.fromEntries(report.findings.map((f) => [f.id, STATUS_WORD[f.status]])));
  });

  it('the printed HTML shows each change beside its journal entry, with whether it was rolled back', { timeout: 60_000 }, async () => {
    const state = /\b(Applied|Rolled back|Failed|Pending)\b/;
    const blocks = await blocksInHtml(
      html,
      report.changes.map((e) => [e.title, e.entryId]),
      state,
    );
    report.changes.forEach((e, i) => {
      const block = blocks[i];
      expect(block, `${e.title} (${e.entryId})`).not.toBeNull();
      // The block is this change's own: no other entry is in it.
      for (const other of report.changes.filter((o) => o !== e)) expect(block).not.toContain(other.entryId);
      // A rolled-back entry says "Rolled back"; an applied one says "Applied" and never "Rolled back".
      if (e.rolledBack) expect(block).toMatch(/\bRolled back\b/);
      else expect(block).not.toMatch(/\bRolled back\b/);
      if (e.state === 'applied' && !e.rolledBack) expect(block).toMatch(/\bApplied\b/);
    });
  });

  it('prints every part of the report, with page X of Y and the run id on every page', { timeout: 60_000 }, async () => {
    await writeReport(report, file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(file);
    expect(pages.length).toBeGreaterThan(1);
    expect(footerProblems(pages, report.header.runId)).toEqual([]);
    const printed = [
      'Overall: Problems found',
      ...report.outcome!.open.map((p) => p.found),
      ...report.findings.map((f) => f.title),
      'Enable the Remote Desktop firewall rules',
      'Remove the broken custom certificate binding',
      'Rolled back 2026-11-21 10:18:30',
      'Not rolled back',
      'Open risks: 1 security downgrade is still in place',
      'Turn NLA off for a test connection',
      // The hostile certificate subject is printed as text, not run as markup.
      HOSTILE,
      '0000: 03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 03',
      '0010: 00 00 00',
    ];
    expect(missingFromPdf(pages, printed)).toEqual([]);

    // Page 1 names the problems in the order to fix them (compared without whitespace: lines wrap anywhere).
    const page1 = loose(pages[0]!);
    const heading = page1.indexOf(loose('Problems, in the order to fix them'));
    expect(heading).toBeGreaterThanOrEqual(0);
    const positions = report.outcome!.open.map((p) => page1.indexOf(loose(p.found), heading));
    expect(
      positions.every((at) => at > heading),
      'every open problem on page 1, after its heading',
    ).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);

    const middle = Math.max(2, Math.ceil(pages.length / 2));
    const pngs = renderPages(file, 'fixture', [1, middle]);
    for (const png of pngs) expect(existsSync(png)).toBe(true);
  });
});

describe('HTML report accessibility', () => {
  it('passes axe-core with zero violations', { timeout: 60_000 }, async () => {
    const choice = chooseBrowser();
    const isRoot = process.getuid?.() === 0;
    const browser = await chromium.launch({ ...choice, args: launchArgs(isRoot), chromiumSandbox: !isRoot });
    try {
      // The report's own CSP forbids scripts; axe is injected by the test only.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.setContent(renderHtml(report), { waitUntil: 'load' });
      await page.addScriptTag({ path: require.resolve('axe-core') });
      const result = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: {
              run(
                ctx: unknown,
                opts: unknown,
              ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }>; passes: unknown[] }>;
            };
          }
        ).axe;
        const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
        return {
          violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) })),
          passes: r.passes.length,
        };
      });
      expect(result.violations).toEqual([]);
      expect(result.passes).toBeGreaterThan(10);
    } finally {
      await browser.close();
    }
  });
});

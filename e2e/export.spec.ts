// Issue 5: export from the UI. The files a technician downloads are the real report: JSON that validates
// against the shared schema, a PDF whose text holds the diagnosis, and a plain-text summary on the clipboard.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Report } from '../shared/report';
import { test, expect, findingRow, runHostChecks } from './support/app';

test.describe('export', () => {
  test.use({ scenario: 'expired-cert' });

  test('JSON, PDF and the summary carry the diagnosis', async ({ app }, testInfo) => {
    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog, which Playwright cannot drive.');
    const { page } = app;
    await runHostChecks(page);
    await expect(findingRow(page, 'host.certificate')).toContainText('Failed');

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const jsonPath = testInfo.outputPath('report.json');
    await jsonDownload.saveAs(jsonPath);
    const report = Report.parse(JSON.parse(readFileSync(jsonPath, 'utf8')));
    expect(report.findings.find((f) => f.id === 'host.certificate')?.status).toBe('fail');
    expect(report.summary.causes[0]?.checkId).toBe('host.certificate');

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
    const pdfPath = testInfo.outputPath('report.pdf');
    await pdfDownload.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('RDP certificate');
    expect(text).toMatch(/expired/);

    // A confirmation floats in a corner: the page under the pointer does not move.
    const before = await page.locator('#cause-title').boundingBox();
    await page.getByRole('button', { name: 'Copy summary' }).click();
    await expect(page.getByText('Summary copied')).toBeVisible();
    expect(await page.locator('#cause-title').boundingBox()).toEqual(before);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toMatch(/certificate expired/i);
  });

  test('before any check ran, the summary and the report say nothing was checked, never "no problem found"', async ({ app }, testInfo) => {
    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog, which Playwright cannot drive.');
    const { page } = app;
    await page.getByRole('button', { name: 'Copy summary' }).click();
    await expect(page.getByText('Summary copied')).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toContain('CONCLUSION: Nothing was checked.');
    expect(clip).toContain('Next: Run the checks, then export the report.');
    expect(clip).not.toMatch(/no problem found/i);

    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]);
    const htmlPath = testInfo.outputPath('report.html');
    await html.saveAs(htmlPath);
    const text = readFileSync(htmlPath, 'utf8');
    expect(text).toContain('Conclusion: Nothing checked');
    expect(text).not.toMatch(/no problem (was )?found/i);
  });
});

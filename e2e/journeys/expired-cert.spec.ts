// Journey 2, expired certificate: a proven fact (no confidence score), plain words for the expiry, a risky fix
// that Enter cannot apply, and after the fix every view (card, row, evidence, summary, export) shows the host now.
import { readFileSync } from 'node:fs';
import { Report } from '../../shared/report';
import { test, expect, findingRow, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

const OLD_THUMBPRINT = '3F1C0A2B4D5E6F708192A3B4C5D6E7F8091A2B3C';

test.describe('expired certificate', () => {
  test.use({ scenario: 'expired-cert' });

  test('found, fixed with confirmation, and nothing stale afterwards', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(page.locator('#cause-title')).toHaveText('1 problem found.');
    await expect(card.locator('.problem-open')).toContainText('Found');
    await expect(card).not.toContainText('%');
    await expect(card).not.toContainText(/confidence/i);
    const row = findingRow(page, 'host.certificate');
    await row.getByRole('button', { name: 'Details' }).click();
    await expect(row.locator('.evidence')).toContainText(/expired \d+ days? ago/);
    await expect(row.locator('.evidence')).not.toContainText(/-\d+ days left/);
    await journeyShot(page, testInfo, 'expired-cert-found');

    // The dialog opens at its top, focus on the title; Enter there applies nothing.
    await card.getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    const apply = dialog.getByRole('button', { name: 'Apply' });
    await expect(dialog.getByRole('heading', { name: 'Renew the self-signed RDP certificate' })).toBeFocused();
    await expect(apply).not.toBeFocused();
    await expect(apply).toBeDisabled();
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status')).toHaveCount(0);
    await journeyShot(page, testInfo, 'expired-cert-dialog');
    await dialog.getByRole('checkbox').check();
    await apply.click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await expect(dialog.getByRole('status')).toBeFocused();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The card: the conclusion, what was found first, what the check reads now.
    await expect(card.locator('.eyebrow')).toHaveText('Conclusion: fixed');
    const fixed = card.locator('.problem-fixed');
    await expect(fixed.locator('.problem-was')).toContainText('expired');
    await expect(fixed.locator('.problem-now')).toContainText('valid until');
    await expect(card).not.toContainText(OLD_THUMBPRINT);
    await expect(row).toContainText('Passed');
    await row
      .getByRole('button', { name: /Details|Hide/ })
      .first()
      .click();
    await expect(row).not.toContainText(OLD_THUMBPRINT);
    await journeyShot(page, testInfo, 'expired-cert-fixed');

    // History's After column: the certificate that came of it, not the plan's words.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry').first();
    await entry.getByRole('button', { name: 'Changes' }).click();
    await expect(entry.locator('table')).toContainText(/[0-9A-F]{40}, valid until \d{4}-\d\d-\d\d/);
    await expect(entry.locator('table')).not.toContainText('a new self-signed certificate with a new thumbprint');
    await journeyShot(page, testInfo, 'expired-cert-history', { themes: false });
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /Diagnose/ })
      .click();

    await page.getByRole('button', { name: 'Copy summary' }).click();
    await expect(page.getByText('Summary copied')).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toContain('CONCLUSION: Fixed');
    expect(clip).not.toContain('[FAIL]');

    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const file = testInfo.outputPath('report.json');
    await download.saveAs(file);
    const report = Report.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.summary.verdict).not.toBe('problems');
    expect(report.outcome?.conclusion).toBe('fixed');
    expect(report.outcome?.found[0]?.found).toMatch(/expired/);
    expect(report.changes.map((c) => c.fixId)).toEqual(['renew-certificate']);
  });
});

// Journey 5, NLA mismatch: turning NLA off is a workaround, never the big button; gated; it says once when it
// reverts; the evidence follows the host; and an undone entry no longer says "Can be undone".
import { test, expect, findingRow, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

test.describe('NLA mismatch', () => {
  test.use({ scenario: 'nla-mismatch' });

  test('the downgrade is a gated workaround; evidence and history tell the truth afterwards', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(card.getByRole('button', { name: 'Fix this' })).toHaveCount(0);
    await expect(card.locator('.btn-primary')).toHaveCount(0);
    await expect(card).toContainText('There is no lasting fix');
    const workaround = card.getByRole('button', { name: /Turn off Network Level Authentication.*lowers security/ });
    await expect(workaround).toBeVisible();
    await journeyShot(page, testInfo, 'nla-found');

    await workaround.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Lowers security');
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    const status = dialog.getByRole('status');
    await expect(status).toContainText('Passed');
    await expect(status).toContainText(/reverts it at \d{1,2}:\d{2}/);
    await expect(dialog).not.toContainText('until you undo');
    const banner = page.locator('.banner-danger');
    await expect(banner).toContainText(/reverts it at/);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The row's evidence is the host now: UserAuthentication 0, not the 1 read before the change.
    const row = findingRow(page, 'host.nla');
    await row.getByRole('button', { name: 'Details' }).click();
    await expect(row.locator('.evidence')).toContainText(/UserAuthentication \(local\)\s*0/);
    await expect(row.locator('.evidence')).not.toContainText(/UserAuthentication \(local\)\s*1/);
    await expect(card.locator('.eyebrow')).toHaveText('Conclusion: needs follow-up');
    await expect(card.locator('.problem-workaround')).toContainText('Worked around, security lowered');
    // The row passes only because of the downgrade: it says so beside its "Passed".
    await expect(row.locator('[data-worked-around]')).toContainText('Worked around, not fixed');
    await journeyShot(page, testInfo, 'nla-worked-around');

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry').first();
    await expect(entry).toContainText('Can be undone');
    // Undo asks first (the safe answer focused), then shows the check's new reading.
    await entry.getByRole('button', { name: /^Undo/ }).click();
    await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await page.getByRole('button', { name: 'Undo now' }).click();
    await expect(page.locator('li.entry.entry-rolled-back')).toHaveCount(1);
    await expect(entry.getByRole('status')).toContainText('The check ran again');
    await expect(entry.getByRole('status')).toContainText('Failed');
    await expect(entry).toContainText('Undone: the values from before the change are back');
    await expect(entry).not.toContainText('Can be undone');
    await journeyShot(page, testInfo, 'nla-history-undone', { themes: false });
    // Undone: the row fails again and no longer calls itself worked around.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /Diagnose/ })
      .click();
    await expect(row).toContainText('Failed');
    await expect(row.locator('[data-worked-around]')).toHaveCount(0);
  });
});

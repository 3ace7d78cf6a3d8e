// Issue 2 and 7: the technician's path from "Run all" to a fixed host, and back again.
import { test, expect, expectNoAxeViolations, findingRow, runHostChecks, shootBothThemes } from './support/app';

test.describe('expired certificate', () => {
  test.use({ scenario: 'expired-cert' });

  test('run all, see the certificate fail, renew it (irreversible, confirmed), see it pass', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const row = findingRow(page, 'host.certificate');
    await expect(row).toContainText('Failed');
    await shootBothThemes(page, 'results-expired-cert', testInfo);

    await row.getByRole('button', { name: 'Details' }).click();
    await expect(row.locator('.evidence')).toBeVisible();
    await expectNoAxeViolations(page, 'results with evidence open');

    await row.locator('.fix-buttons button').first().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Cannot be undone');
    const apply = dialog.getByRole('button', { name: 'Apply' });
    await expect(apply).toBeDisabled();
    await shootBothThemes(page, 'fix-dialog-irreversible', testInfo);
    await dialog.getByRole('checkbox').check();
    await expect(apply).toBeEnabled();
    await apply.click();

    await expect(dialog.getByRole('status')).toContainText('Fix applied');
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await expect(dialog.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
    await shootBothThemes(page, 'fix-dialog-applied', testInfo);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('Passed');
    await expect(page.locator('.cause .eyebrow')).toHaveText('Conclusion: fixed');

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry').first();
    await expect(entry).toContainText('Cannot be undone');
    await expect(entry.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
  });
});

test.describe('reversible fix', () => {
  test.use({ scenario: 'rdp-disabled' });

  test('apply, undo in the dialog, apply again, roll back from the history', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const row = findingRow(page, 'host.rdp-enabled');
    await expect(row).toContainText('Failed');
    await expect(page.locator('#cause-title')).toBeFocused();
    await shootBothThemes(page, 'results', testInfo);
    await shootBothThemes(page, 'results-full', testInfo, { fullPage: true });

    await page.getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Can be undone');
    await expect(dialog.getByRole('table')).toContainText('fDenyTSConnections');
    await shootBothThemes(page, 'fix-dialog', testInfo);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await expect(row).toContainText('Passed');

    await dialog.getByRole('button', { name: 'Undo…' }).click();
    await dialog.getByRole('button', { name: 'Undo now' }).click();
    await expect(dialog.getByRole('status')).toContainText('Undone');
    await expect(dialog.getByRole('status')).toContainText('Failed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(row).toContainText('Failed');

    await row.locator('.fix-buttons button').first().click();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const applied = page.locator('li.entry.entry-applied');
    await expect(applied).toHaveCount(1);
    await expect(page.locator('li.entry.entry-rolled-back')).toHaveCount(1);
    await applied.getByRole('button', { name: 'Changes' }).click();
    await expect(applied.getByRole('table')).toContainText('fDenyTSConnections');
    await shootBothThemes(page, 'history', testInfo);
    await applied.getByRole('button', { name: /^Undo/ }).click();
    await page.getByRole('button', { name: 'Undo now' }).click();
    await expect(page.locator('li.entry.entry-rolled-back')).toHaveCount(2);

    await page.getByRole('navigation').getByRole('button', { name: 'Diagnose' }).click();
    await expect(row).toContainText('Failed');
    await row.getByRole('button', { name: /Check again/ }).click();
    await expect(row).toContainText('Failed');
  });
});

test.describe('history across runs', () => {
  test.use({ scenario: 'rdp-disabled', persistState: true });

  test('a change made before a restart of the app can be undone after it', async ({ app }) => {
    let page = app.page;
    await runHostChecks(page);
    await page.getByRole('button', { name: 'Fix this' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('dialog').getByRole('status')).toContainText('Passed');

    await app.restart();
    page = app.page;
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry.entry-applied');
    await expect(entry).toHaveCount(1);
    await entry.getByRole('button', { name: /^Undo/ }).click();
    await page.getByRole('button', { name: 'Undo now' }).click();
    await expect(page.locator('li.entry.entry-rolled-back')).toHaveCount(1);

    await page.getByRole('navigation').getByRole('button', { name: 'Diagnose' }).click();
    await runHostChecks(page);
    await expect(findingRow(page, 'host.rdp-enabled')).toContainText('Failed');
  });
});

test.describe('security downgrade', () => {
  test.use({ scenario: 'nla-mismatch' });

  test('a downgrade is confirmed, shows a banner with a countdown, and "Revert now" restores it', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const row = findingRow(page, 'host.nla');
    await expect(row).not.toContainText('Passed');
    await row.locator('.fix-buttons button').first().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Lowers security');
    const apply = dialog.getByRole('button', { name: 'Apply' });
    await expect(apply).toBeDisabled();
    await dialog.getByRole('checkbox').check();
    await apply.click();
    await expect(dialog.getByRole('status')).toContainText('Security is lowered');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const banner = page.getByRole('region', { name: 'Security warnings' });
    await expect(banner).toContainText('Security is lowered');
    await expect(banner).toContainText(/reverts it at \d{1,2}:\d\d.*\(in 1[45]:\d\d\)/);
    await shootBothThemes(page, 'downgrade-banner', testInfo);
    // The time box is the host's, not the page's: a reload still shows the countdown.
    await page.reload();
    await expect(banner).toContainText(/reverts it at \d{1,2}:\d\d.*\(in 1[45]:\d\d\)/);
    await banner.getByRole('button', { name: 'Revert now' }).click();
    await expect(banner).toBeHidden();
    await runHostChecks(page);
    await expect(findingRow(page, 'host.nla')).not.toContainText('Passed');
  });

  test('"until I revert" is a choice of its own: Apply waits for its checkbox, and the banner says nothing will revert it', async ({
    app,
  }) => {
    const { page } = app;
    await runHostChecks(page);
    await findingRow(page, 'host.nla').locator('.fix-buttons button').first().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Turn it back on automatically after')).toHaveValue('15');
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByLabel('Turn it back on automatically after').selectOption('never');
    const apply = dialog.getByRole('button', { name: 'Apply' });
    await expect(apply).toBeDisabled();
    await dialog.getByLabel(/nothing will turn it back on/).check();
    await apply.click();
    await expect(dialog.getByRole('status')).toContainText('Security is lowered');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const banner = page.getByRole('region', { name: 'Security warnings' });
    await expect(banner).toContainText('no automatic revert');
    await banner.getByRole('button', { name: 'Revert now' }).click();
    await expect(banner).toBeHidden();
  });
});

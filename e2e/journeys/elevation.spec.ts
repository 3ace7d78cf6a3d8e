// "Restart as administrator" appears only when RDP Doctor is not elevated: the same expired certificate, once
// with the app run as administrator (the scenario's token) and once started without (`--not-elevated`, the
// simulated PC as a standard user's process sees it). Fixes that need administrator rights say so.
import { test, expect, findingRow, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

test.describe('elevated', () => {
  test.use({ scenario: 'expired-cert' });

  test('no "Restart as administrator" anywhere, the renewal can be applied', async ({ app }, testInfo) => {
    const { page } = app;
    await expect(page.locator('.host-badge')).not.toContainText('not administrator');
    await runHostChecks(page);
    const row = findingRow(page, 'host.certificate');
    await expect(row).toContainText('Failed');
    await expect(page.getByRole('button', { name: /Renew the self-signed RDP certificate/ }).first()).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Restart as administrator' })).toHaveCount(0);
    await expect(page.getByText(/needs administrator rights/i)).toHaveCount(0);
    await journeyShot(page, testInfo, 'elevation-elevated', { themes: false });
  });
});

test.describe('not elevated', () => {
  test.use({ scenario: 'expired-cert', appArgs: ['--not-elevated'] });

  test('the header and every fix that needs rights offer "Restart as administrator"', async ({ app }, testInfo) => {
    const { page } = app;
    const badge = page.locator('.host-badge');
    await expect(badge).toContainText('not administrator');
    await expect(badge.getByRole('button', { name: 'Restart as administrator' })).toBeVisible();
    await runHostChecks(page);

    // The renewal needs administrator rights: its button is disabled and says why, with the way out beside it.
    const renew = page.getByRole('button', { name: /Renew the self-signed RDP certificate/ }).first();
    await expect(renew).toBeDisabled();
    const reason = page.locator('.disabled-reason').filter({ hasText: 'Renew the self-signed RDP certificate' }).first();
    await expect(reason).toContainText('needs administrator rights');
    // The big button is disabled, so it promises no preview: the reason stands in its place.
    await expect(page.locator('.cause-actions')).not.toContainText('you will see what changes');
    await expect(reason.getByRole('button', { name: 'Restart as administrator' })).toBeVisible();
    // A fix that needs no rights is not blocked: nothing on the page says every fix needs them.
    await expect(page.locator('.disabled-reason').filter({ hasNotText: 'administrator' })).toHaveCount(0);
    await journeyShot(page, testInfo, 'elevation-not-elevated');

    // In browser mode the app cannot restart itself: it says how to start it elevated instead of doing nothing.
    await reason.getByRole('button', { name: 'Restart as administrator' }).click();
    await expect(page.locator('.notice')).toContainText('Run as administrator');
    // A scenario picked later runs with the same token: rights belong to the process, not to the PC.
    await page.getByRole('navigation').getByRole('button', { name: 'Diagnose' }).click();
    await page.getByLabel('Scenario').selectOption('rdp-disabled');
    await expect(badge).toContainText('not administrator');
  });
});

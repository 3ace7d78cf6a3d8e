// Journey 3, MachineKeys permissions: the root cause first, a blocked fix that names the blocking check by its
// title, the Azure rename gated like every risky fix, and after both fixes the old event-log errors are history.
import { test, expect, findingRow, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

test.describe('MachineKeys permissions', () => {
  test.use({ scenario: 'machinekeys-acl' });

  test('repair, then renew; the events logged before the fixes are not a current cause', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(page.locator('#cause-title')).toHaveText('2 problems found.');
    const open = card.locator('.problem-open');
    await expect(open.nth(0)).toHaveAttribute('data-check-id', 'host.machinekeys');
    await expect(open.nth(1)).toHaveAttribute('data-check-id', 'host.certificate');
    // The event-log errors point at these two: listed under them, not as a third problem.
    await expect(open).toHaveCount(2);

    // Plain words, not an access mask or SDDL.
    await expect(open.nth(0)).toContainText('Everyone lost the right to create key files');
    const certRow = findingRow(page, 'host.certificate');
    await expect(certRow.locator('.disabled-reason')).toContainText('MachineKeys folder and key permissions');
    await expect(page.locator('body')).not.toContainText('host.machinekeys');
    // Elevated already: no "Restart as administrator" anywhere.
    await expect(page.getByRole('button', { name: 'Restart as administrator' })).toHaveCount(0);
    await journeyShot(page, testInfo, 'machinekeys-found');

    // Renaming MachineKeys aside breaks other services' keys until undone: gated like any risky fix.
    await card.getByRole('button', { name: /Rename MachineKeys aside/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('checkbox')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Apply' })).not.toBeFocused();
    await journeyShot(page, testInfo, 'machinekeys-rename-gated', { themes: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // In this scenario a user took ownership of the folder: the repair takes it back (takeown /a), its own confirmation.
    await card.getByRole('button', { name: 'Fix this' }).click();
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await expect(dialog.getByRole('status')).toContainText('Next problem to fix');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#cause-title')).toContainText('Partly fixed');

    await card.getByRole('button', { name: 'Fix this' }).click();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // A fresh run: the errors in the event log were logged before the fixes, so they are history.
    await page.getByRole('button', { name: 'Run all again' }).click();
    await expect(page.locator('#cause-title')).toContainText('Fixed');
    await expect(card.locator('.problem-open')).toHaveCount(0);
    await expect(card.locator('.problem-fixed')).toHaveCount(2);
    // The event-log row says why its errors are not on the card.
    const events = findingRow(page, 'host.events');
    await expect(events).not.toContainText('Passed');
    await expect(events.locator('[data-history-only]')).toBeVisible();
    await journeyShot(page, testInfo, 'machinekeys-fixed');
  });
});

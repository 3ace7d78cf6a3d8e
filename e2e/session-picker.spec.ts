// Issue 14 §1: the technician picks which disconnected session to log off, in the fix dialog, and exactly that
// session is logged off (the other stays, disconnected), as the re-check's evidence and the history show.
import { test, expect, findingRow, runHostChecks } from './support/app';

test.describe('session picker', () => {
  test.use({ scenario: 'sessions-held-disconnected' });

  test('choose the session disconnected most recently (not the default) and log off exactly that one', async ({ app }) => {
    const { page } = app;
    await runHostChecks(page);
    const row = findingRow(page, 'host.session-limits');
    await expect(row).toContainText('Failed');

    await row.getByRole('button', { name: /Log off a disconnected session/ }).click();
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByLabel('Session to log off');
    // The default is the session disconnected longest (2); the plan names it until another is picked.
    await expect(picker).toHaveValue('2');
    await expect(dialog.getByRole('table')).toContainText('Session 2 of CORP\\a.berg');
    await picker.selectOption('4');
    await expect(dialog.getByRole('table')).toContainText('Session 4 of CORP\\m.kuhn');
    await expect(dialog.getByRole('table')).not.toContainText('Session 2');

    const apply = dialog.getByRole('button', { name: 'Apply' });
    await dialog.getByRole('checkbox').check();
    await apply.click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await row.getByRole('button', { name: 'Details' }).click();
    const inUse = row.locator('.evidence');
    await expect(inUse).toContainText('session 2 (CORP\\a.berg, disconnected');
    await expect(inUse).not.toContainText('m.kuhn');

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry').first();
    await entry.getByRole('button', { name: 'Changes' }).click();
    await expect(entry.getByRole('table')).toContainText('Session 4 of CORP\\m.kuhn');
  });
});

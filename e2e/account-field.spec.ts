// Issue 14 §3: the account typed next to the error code is what host.user-rights judges on the host.
import { test, expect, findingRow, runHostChecks } from './support/app';

test.describe('connecting account', () => {
  test.use({ scenario: 'healthy' });

  test('an account the host does not know is named in host.user-rights', async ({ app }) => {
    const { page } = app;
    await page.getByLabel('Which account do you connect with?').fill('CORP\\nobody');
    await runHostChecks(page);
    const row = findingRow(page, 'host.user-rights');
    await expect(row).toContainText('could not find the account you connect with, CORP\\nobody');
  });

  test('a bad account form is refused, naming the field', async ({ app }) => {
    const { page } = app;
    await page.getByLabel('Which account do you connect with?').fill('nodomain');
    await page.getByRole('button', { name: 'Run all host checks' }).click();
    await expect(page.getByText(/user: expected an account as DOMAIN\\name or name@domain/).first()).toBeVisible();
  });
});

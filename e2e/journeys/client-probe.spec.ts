// Journey 6, the client probe with bad targets: a web address is refused in plain words and nothing runs; a
// refused port is diagnosed; the client checks that read Windows state say they read the simulated PC.
import { freePort } from '../../test/support/xrdp';
import { test, expect, findingRow } from '../support/app';
import { journeyShot } from './shots';

test.describe('client probe', () => {
  test.use({ scenario: 'healthy' });

  test('bad targets get plain words; simulated client checks say so', async ({ app }, testInfo) => {
    const { page } = app;
    const field = page.getByLabel('PC name or address');
    await field.fill('http://x');
    await page.getByRole('button', { name: 'Diagnose connection' }).click();
    await expect(field).toBeFocused();
    await expect(page.locator('.paths .field-error').first()).toContainText('not a web address');
    await expect(page.locator('#cause-title')).toHaveCount(0);

    const port = await freePort();
    await field.fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Diagnose connection' }).click();
    await expect(page.locator('#cause-title')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('#cause-title')).toContainText(/problems? found/);
    for (const id of ['client.saved-credentials', 'client.history', 'client.security-software']) {
      await expect(findingRow(page, id)).toContainText('Simulated: read from the simulated Windows PC, not from this computer');
    }
    // The probe's own checks are real: no such note.
    await expect(findingRow(page, 'client.tcp')).not.toContainText('Simulated');
    await journeyShot(page, testInfo, 'client-probe-refused');
  });
});

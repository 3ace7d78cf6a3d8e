// Issue 14: "Which error did Remote Desktop Connection show?" on the start screen decodes the code pair as it is
// typed, refuses a number that is not one, and the diagnosis then ranks the checks that explain it first.
import { test, expect, runHostChecks } from './support/app';

test.describe('error code field', () => {
  test.use({ scenario: 'user-not-allowed' });

  test('decodes 0x904 0x7, rejects a typo, and the refusal check leads the diagnosis', async ({ app }) => {
    const { page } = app;
    const field = page.getByLabel('Which error did Remote Desktop Connection show?');
    await field.fill('0x904 0x99');
    await expect(page.getByText(/is not an ExtendedDisconnectReasonCode/)).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill('0x904 0x7');
    await expect(page.getByText('0x7: The remote PC denied the connection.')).toBeVisible();
    await expect(page.getByText(/host side is checked first/)).toBeVisible();
    await runHostChecks(page);
    // The refusal check leads: the first problem in fix order names the account the host refused.
    await expect(page.locator('.cause .problem-open').first()).toHaveAttribute('data-check-id', 'host.user-rights');
    await expect(page.locator('.cause .problem-open').first()).toContainText(/m\.smith/);
  });
});

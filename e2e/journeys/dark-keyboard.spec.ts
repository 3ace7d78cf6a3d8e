// Journey 7, dark mode at 1024×700 with the keyboard only: Enter, Enter from the card never applies a fix; the
// dialog opens at its top with the title and the risk in view, and its buttons stay in reach.
import { test, expect } from '../support/app';
import { journeyShot } from './shots';

async function tabTo(page: import('@playwright/test').Page, name: string | RegExp): Promise<void> {
  const target = page.getByRole('button', { name });
  for (let i = 0; i < 60 && !(await target.evaluate((b) => b === document.activeElement).catch(() => false)); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

test.describe('dark, 1024×700, keyboard only', () => {
  test.use({ scenario: 'expired-cert', viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });

  test('Enter, Enter does not apply a risky fix; the dialog is readable and usable', async ({ app }, testInfo) => {
    const { page } = app;
    await page.locator('body').focus();
    await tabTo(page, 'Run all host checks');
    await page.keyboard.press('Enter');
    await expect(page.locator('#cause-title')).toBeFocused();
    await tabTo(page, 'Fix this');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    const title = dialog.getByRole('heading', { name: 'Renew the self-signed RDP certificate' });
    await expect(title).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status')).toHaveCount(0);

    // Title and risk in view at the top; Apply reachable without leaving the dialog.
    const viewport = page.viewportSize()!;
    const titleBox = (await title.boundingBox())!;
    expect(titleBox.y).toBeGreaterThanOrEqual(0);
    const risk = dialog.getByText('Cannot be undone.');
    const riskBox = (await risk.boundingBox())!;
    expect(riskBox.y + riskBox.height).toBeLessThanOrEqual(viewport.height);
    const apply = dialog.getByRole('button', { name: 'Apply' });
    const applyBox = (await apply.boundingBox())!;
    expect(applyBox.y + applyBox.height, 'Apply stays in view (sticky actions)').toBeLessThanOrEqual(viewport.height);
    await journeyShot(page, testInfo, 'dark-1024x700-dialog', { themes: false });

    await tabTo(page, 'Cancel');
    await page.keyboard.press('Shift+Tab');
    await expect(dialog.getByRole('checkbox')).toBeFocused();
    await page.keyboard.press('Space');
    await tabTo(page, 'Apply');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status')).toBeFocused();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await journeyShot(page, testInfo, 'dark-1024x700-applied', { themes: false });
  });
});

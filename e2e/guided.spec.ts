// Issue 7: the app leads. With several faults it walks the technician through them one by one; on the client
// side it shows where on the way to the other PC the connection breaks and what to do when the fix is there.
import { freePort } from '../test/support/xrdp';
import { test, expect, expectNoAxeViolations, findingRow, runHostChecks, shootBothThemes } from './support/app';

test.describe('several faults', () => {
  test.use({ scenario: 'multi-fault' });

  test('the card lists the problems in fix order; "Show the check" jumps to a later one', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(page.locator('#cause-title')).toHaveText('3 problems found.');
    await expect(card.getByRole('button', { name: 'Fix this' })).toHaveCount(1);
    // Jargon the checks cannot avoid carries its meaning on hover.
    await expect(card.locator('abbr.term[title]').first()).toBeVisible();
    await shootBothThemes(page, 'diagnosis-multi-fault', testInfo);

    await card.getByRole('button', { name: 'Show the check: RDP certificate' }).click();
    await expect(findingRow(page, 'host.certificate').locator('.finding-title')).toBeFocused();
    await expectNoAxeViolations(page, 'result card with three problems');
  });
});

test.describe('client side', () => {
  test.use({ scenario: 'healthy' });

  test('the probe layers show where the connection breaks and what to do on the other PC', async ({ app }, testInfo) => {
    const { page } = app;
    // A port that was free a moment ago: nothing listens on it, so the connection is refused at once.
    const port = await freePort();
    await page.getByLabel('PC name or address').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Diagnose connection' }).click();
    await expect(page.locator('#cause-title')).toBeVisible({ timeout: 60_000 });

    const path = page.getByRole('region', { name: 'The way to the other PC' });
    await expect(path.locator('li')).toHaveCount(4);
    await expect(path.locator('li.probe-break')).toContainText('Network connection');
    await expect(path.locator('li.probe-break')).toContainText('Failed');
    await expect(path.locator('li.probe-break')).toContainText('Fails here');
    await expect(path.locator('li').nth(2)).toContainText('Not tried');
    await expect(path).toContainText('fails at step 2');
    await expect(page.locator('.cause .next-step')).toContainText('Diagnose this PC as the host');
    // One side only: no "this PC (client)" tag on every row.
    await expect(page.locator('.finding-side')).toHaveCount(0);
    await shootBothThemes(page, 'diagnosis-client', testInfo);

    await path.getByRole('button', { name: /^Step 2 Network connection/ }).click();
    const tcp = findingRow(page, 'client.tcp');
    await expect(tcp.locator('.finding-title')).toBeFocused();
    await tcp.getByRole('button', { name: 'Details' }).click();
    // Lists read as text, not as JSON.
    await expect(tcp.locator('.evidence')).toContainText('refused');
    await expect(tcp.locator('.evidence')).not.toContainText('["');
    await expectNoAxeViolations(page, 'client diagnosis with evidence open');
  });
});

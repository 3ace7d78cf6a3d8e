// Issue 7: the app leads. With several faults it walks the technician through them one by one; on the client
// side it shows where on the way to the other PC the connection breaks and what to do when the fix is there.
import { freePort } from '../test/support/xrdp';
import { test, expect, expectNoAxeViolations, findingRow, runHostChecks, shootBothThemes } from './support/app';

test.describe('several faults', () => {
  test.use({ scenario: 'multi-fault' });

  test('after the top cause is fixed, the card names the next one with its own "Fix this"', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(card.locator('.eyebrow')).toHaveText('Most likely cause');
    await expect(page.locator('#cause-title')).toContainText('certificate');
    await expect(card.getByRole('button', { name: 'Fix this' })).toHaveCount(1);
    // Jargon the checks cannot avoid carries its meaning on hover.
    await expect(card.locator('abbr.term[title]').first()).toBeVisible();
    await shootBothThemes(page, 'diagnosis-multi-fault', testInfo);

    // "Show" jumps to the check of another open cause and puts focus on it.
    await card.getByRole('button', { name: /^Show the check for: The Remote Desktop \(TCP-In\) firewall/ }).click();
    await expect(findingRow(page, 'host.firewall').locator('.finding-title')).toBeFocused();

    await card.getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await expect(dialog.getByRole('status')).toContainText('Next likely cause');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await expect(card.locator('.settled')).toContainText('Fixed: The self-signed RDP certificate expired');
    await expect(card.locator('.eyebrow')).toHaveText('Next likely cause (2 of 3)');
    await expect(page.locator('#cause-title')).toContainText('firewall');
    await expectNoAxeViolations(page, 'cause card after the first fix');

    // The next "Fix this" is the firewall's, and Undo puts that cause back on the card.
    await card.getByRole('button', { name: 'Fix this' }).click();
    await expect(dialog.getByRole('heading')).toContainText('firewall');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect(dialog.getByRole('status')).toContainText('Undone');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#cause-title')).toContainText('firewall');
    // Inside a group, the failure of the likelier cause comes first.
    await expect(page.locator('section.layer').first().locator('li.finding').first()).toHaveAttribute('data-check-id', 'host.firewall');
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

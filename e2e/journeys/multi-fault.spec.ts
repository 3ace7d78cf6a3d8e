// Journey 4, several problems at once: "3 problems found" in the order of the connection's path, no confidence
// scores for proven facts, the NLA downgrade never the big button, and Undo that asks first and shows its re-check.
import { test, expect, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

test.describe('multi-fault', () => {
  test.use({ scenario: 'multi-fault' });

  test('three problems in fix order; undo asks, then shows the check failing again', async ({ app }, testInfo) => {
    const { page } = app;
    await runHostChecks(page);
    const card = page.locator('.cause');
    await expect(page.locator('#cause-title')).toHaveText('3 problems found.');
    const open = card.locator('.problem-open');
    await expect(open.nth(0)).toHaveAttribute('data-check-id', 'host.firewall');
    await expect(open.nth(1)).toHaveAttribute('data-check-id', 'host.certificate');
    await expect(open.nth(2)).toHaveAttribute('data-check-id', 'host.nla');
    await expect(card).not.toContainText('%');
    await expect(card).not.toContainText('Most likely');
    await expect(card.getByRole('button', { name: 'Fix this' })).toHaveCount(1);
    await journeyShot(page, testInfo, 'multi-fault-found');

    await card.getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    const status = dialog.getByRole('status');
    await expect(status).toContainText('Passed');
    await expect(status).toBeFocused();
    await expect(status).toContainText('Next problem to fix');
    await expect(status).toContainText('certificate');

    // Undo asks first; the safe answer has focus.
    await dialog.getByRole('button', { name: 'Undo…' }).click();
    await expect(dialog.getByRole('button', { name: 'Keep the fix' })).toBeFocused();
    await journeyShot(page, testInfo, 'multi-fault-undo-asks', { themes: false });
    await dialog.getByRole('button', { name: 'Undo now' }).click();
    await expect(status).toContainText('Undone');
    await expect(status).toContainText('Failed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#cause-title')).toContainText('Not fixed: 3 problems still open.');

    await card.getByRole('button', { name: 'Fix this' }).click();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(status).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#cause-title')).toHaveText('Partly fixed: 1 problem fixed, 2 problems still open.');
    await expect(card.locator('.problem-next')).toHaveAttribute('data-check-id', 'host.certificate');
    // "Select Done to deal with it": the button that opened the dialog left with its problem, and focus goes on
    // to the next problem's fix, not back to the top of the page.
    await expect(card.locator('.problem-next').getByRole('button', { name: 'Fix this' })).toBeFocused();
    await journeyShot(page, testInfo, 'multi-fault-partly-fixed');
  });
});

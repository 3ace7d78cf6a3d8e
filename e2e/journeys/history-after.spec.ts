// History's After column and the exported report's changes table after a firewall fix: the value the host
// reads now (the rule enabled), the same as the checklist says, never the plan's wording.
import { readFileSync } from 'node:fs';
import { Report } from '../../shared/report';
import { test, expect, runHostChecks, findingRow } from '../support/app';

test.describe('history after a firewall fix', () => {
  test.use({ scenario: 'firewall-blocked' });

  test("History's After and the report's changes show the rule as the host reads it now", async ({ app }, testInfo) => {
    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog.');
    const { page } = app;
    await runHostChecks(page);
    const row = findingRow(page, 'host.firewall');
    await expect(row).toContainText('Failed');
    await page.getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(row).toContainText('Passed');

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    const entry = page.locator('li.entry').first();
    await entry.getByRole('button', { name: 'Changes' }).click();
    const ruleRows = entry.locator('table tbody tr', { hasText: 'Firewall rule' });
    expect(await ruleRows.count()).toBeGreaterThan(0);
    for (const r of await ruleRows.all()) {
      const cells = (await r.locator('td, th').allTextContents()).map((t) => t.trim());
      expect(cells.slice(-2), cells.join(' | ')).toEqual(['disabled', 'enabled']);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const file = testInfo.outputPath('after-firewall-fix.json');
    await download.saveAs(file);
    const report = Report.parse(JSON.parse(readFileSync(file, 'utf8')));
    const changed = report.changes.flatMap((c) => c.changes).filter((c) => String(c.what).startsWith('Firewall rule'));
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) expect(c.after).toBe('enabled');
    expect(report.findings.find((f) => f.id === 'host.firewall')?.status).toBe('pass');
  });
});

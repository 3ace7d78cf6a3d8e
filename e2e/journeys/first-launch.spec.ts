// Journey 1, first launch: the start screen says what the app is for, a pasted web address gets plain words,
// and choosing a scenario loads it (so "Run all host checks" never runs the previous host).
import { readFileSync } from 'node:fs';
import { Report } from '../../shared/report';
import { test, expect, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

test.describe('first launch', () => {
  test.use({ scenario: 'healthy' });

  test('says 0x904/0x7, explains a web address, and a chosen scenario is the one that runs', async ({ app }, testInfo) => {
    const { page } = app;
    await expect(page.locator('.lead').first()).toContainText('error code 0x904, extended error code 0x7');
    // The host choice sits above the two diagnose cards without pushing them out of a laptop-sized window.
    await expect(page.locator('.host-choice')).toBeInViewport();
    for (const title of ['Diagnose a connection to another PC', 'Diagnose this PC as the host'])
      await expect(page.getByRole('heading', { name: title })).toBeInViewport({ ratio: 1 });
    await journeyShot(page, testInfo, 'first-launch-start');

    const field = page.getByLabel('PC name or address');
    await field.fill('http://x');
    await field.blur();
    const error = page.locator('.paths .field-error').first();
    await expect(error).toContainText('enter a computer name or address, not a web address');
    await expect(error).not.toContainText('port');
    await journeyShot(page, testInfo, 'first-launch-web-address', { themes: false });

    // Choosing is loading: no separate button press, focus lands on the line that says what is loaded.
    await page.getByLabel('Scenario').selectOption('multi-fault');
    const loaded = page.locator('[data-scenario-loaded="multi-fault"]');
    await expect(loaded).toBeVisible();
    await expect(loaded).toBeFocused();
    await expect(page.locator('.host-badge')).toContainText('multi-fault');
    await page.getByRole('button', { name: 'Run all host checks' }).click();
    await expect(page.locator('#cause-title')).toHaveText('3 problems found.');
  });

  test('a reloaded window that has run nothing exports no earlier run', async ({ app }, testInfo) => {
    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog.');
    const { page } = app;
    await runHostChecks(page);
    // A reload is a new renderer on the same app service (the token stays in this tab's session storage).
    await page.reload();
    await expect(page.getByRole('heading', { name: 'What do you want to check?' })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const file = testInfo.outputPath('reloaded-window.json');
    await download.saveAs(file);
    const report = Report.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.findings).toEqual([]);
    expect(report.probe).toBeNull();
  });
});

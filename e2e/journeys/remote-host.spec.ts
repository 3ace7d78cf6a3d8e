// Issue 13 in the UI, as a technician walks it: the host is chosen first (above the diagnose cards); once
// pc-042 is connected over PowerShell Remoting (a simulated host behind the simulated link here), every place
// names it: the host card, the diagnosis, History, and the report (HTML, and page 1 of the PDF read back with
// pdftotext), each with how it was reached and the machine SID that proves which machine it was.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, findingRow, runHostChecks } from '../support/app';
import { journeyShot } from './shots';

const SID = /machine SID S-1-5-21-[\d-]+/;

test.describe('a remote host, named everywhere', () => {
  test.use({ scenario: 'expired-cert' });

  test('host choice first; "Diagnose pc-042"; History and the report say which host and how', async ({ app }, testInfo) => {
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 700 });

    // The host choice comes before the cards that run the checks.
    const choice = page.locator('.host-choice');
    const hostCard = page.locator('section.path').filter({ has: page.locator('#path-host-title') });
    const choiceBox = (await choice.boundingBox())!;
    const cardBox = (await hostCard.boundingBox())!;
    expect(choiceBox.y + choiceBox.height).toBeLessThanOrEqual(cardBox.y);
    await expect(page.locator('#path-host-title')).toHaveText(/Diagnose this PC as the host/);
    // Already this PC: no button that would seem to connect to something.
    await expect(choice.getByRole('button')).toHaveCount(0);

    await page.getByLabel('Another PC (PowerShell Remoting)').check();
    await page.getByLabel('Computer name').fill('pc-042');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByText(/Connected to pc-042 /)).toBeVisible();

    // Focus moves on to the host card, which names the connected host, how it is reached and who it proved to be.
    await expect(page.locator('#path-host-title')).toBeFocused();
    await expect(page.locator('#path-host-title')).toHaveText(/^⌂?Diagnose pc-042$/);
    await expect(hostCard).not.toContainText('this PC as the host');
    await expect(hostCard).toContainText('reached over PowerShell Remoting');
    await expect(hostCard).toContainText(SID);
    await expect(page.locator('.host-badge')).toContainText('pc-042');
    // pc-042 is a model behind a simulated link here: the header and the page say so, as for this PC's model,
    // and still after a reload (the app is in simulation whichever host it reaches).
    await expect(page.locator('.host-badge')).toContainText('Simulated host');
    await expect(page.getByRole('note')).toContainText('pc-042 is not a real Windows PC.');
    await page.reload();
    await expect(page.locator('.host-badge')).toContainText('Simulated hostpc-042');
    await expect(page.getByRole('note')).toContainText('pc-042 is not a real Windows PC.');
    await journeyShot(page, testInfo, 'remote-host-start');

    await runHostChecks(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('pc-042 as the host');
    await expect(page.locator('.host-reached')).toContainText(SID);
    await expect(findingRow(page, 'host.certificate')).toContainText('Failed');

    // Fix it there: the renewal, confirmed.
    await page.locator('.cause').getByRole('button', { name: 'Fix this' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Passed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await journeyShot(page, testInfo, 'remote-host-fixed', { themes: false });

    // History: the host of the list and of each entry, with the path it was reached by; no check ids.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('.history-host')).toContainText(/pc-042 \(machine SID S-1-5-21-[\d-]+\), reached over PowerShell Remoting/);
    const entry = page.locator('li.entry').first();
    await expect(entry).toContainText(/on pc-042 \(machine SID S-1-5-21-[\d-]+\) over PowerShell Remoting/);
    await expect(entry).not.toContainText('host.certificate');
    await journeyShot(page, testInfo, 'remote-host-history');
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /Diagnose/ })
      .click();

    test.skip(app.kind === 'electron', 'Electron saves through a native save dialog.');
    await exportsName(page, testInfo);
  });

  test('back to this PC: nothing still names pc-042', async ({ app }) => {
    const { page } = app;
    await page.getByLabel('Another PC (PowerShell Remoting)').check();
    await page.getByLabel('Computer name').fill('pc-042');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.locator('#path-host-title')).toHaveText(/Diagnose pc-042/);
    await page.getByLabel('This PC as the host').check();
    await page.getByRole('button', { name: 'Use this PC' }).click();
    await expect(page.locator('#path-host-title')).toHaveText(/Diagnose this PC as the host/);
    await expect(page.locator('#path-host-title')).toBeFocused();
    await expect(page.locator('.host-choice')).not.toContainText('Connected to pc-042');
    await expect(page.locator('.host-badge')).not.toContainText('pc-042');
    await runHostChecks(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This PC as the host');
    await expect(page.locator('.host-reached')).toHaveCount(0);
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('.history-host')).toContainText('this PC, simulated (scenario expired-cert)');
  });
});

async function exportsName(page: Page, testInfo: TestInfo): Promise<void> {
  {
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]);
    const htmlPath = testInfo.outputPath('report.html');
    await html.saveAs(htmlPath);
    const doc = readFileSync(htmlPath, 'utf8');
    expect(doc).toMatch(/<dt>Reached<\/dt>\s*<dd[^>]*>pc-042 \(machine SID S-1-5-21-[\d-]+\), reached over PowerShell Remoting/);
    expect(doc).toMatch(/on pc-042 \(machine SID S-1-5-21-[\d-]+\) over PowerShell Remoting/);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
    const pdfPath = testInfo.outputPath('report.pdf');
    await pdf.saveAs(pdfPath);
    const page1 = execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // Which host was diagnosed and how it was reached, and which host the change was made on: all on page 1.
    // (pdftotext keeps the line break where a long SID wraps at one of its hyphens)
    expect(page1).toMatch(/Host pc-042 \(WS-ACCT-042\)/);
    expect(page1).toMatch(/Reached pc-042 \(machine SID S-1-5-21-[\d\s-]+\), reached over PowerShell Remoting/i);
    expect(page1).toMatch(/on pc-042 \(machine SID S-1-5-21-[\d\s-]+\) over PowerShell Remoting/);
    expect(page1).toContain('simulated PowerShell Remoting link');
  }
}

// Issue 13 in the UI: pick another PC reached over PowerShell Remoting (simulated here), diagnose it from this
// PC; the fleet view's table and its drill-down into an unreachable host.
import { test, expect, findingRow, runHostChecks } from './support/app';

test.describe('reach another host', () => {
  test.use({ scenario: 'rdp-disabled' });

  test('another PC over PowerShell Remoting: its host checks run there', async ({ app }) => {
    const { page } = app;
    await page.getByLabel('Another PC (PowerShell Remoting)').check();
    await page.getByLabel('Computer name').fill("pc-042'; x");
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByText('Type the computer name')).toBeVisible();
    await page.getByLabel('Computer name').fill('pc-042');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByText(/Connected to pc-042 \(WS-ACCT-042\) over PowerShell Remoting/)).toBeVisible();
    await runHostChecks(page);
    await expect(findingRow(page, 'host.rdp-enabled')).toContainText('Failed');
  });

  test('fleet view: one row per host, drill-down names the management path and its fix', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: 'Scan many PCs' }).click();
    // A refused line is named as the technician sees it: the line of the box, and where the scenarios are listed
    // (not the CLI's field name or a command to type); the box is marked invalid.
    const hosts = page.getByLabel('Hosts, one per line');
    await hosts.fill('pc-1\npc-2 scenario=nosuch');
    await page.getByRole('button', { name: 'Check hosts' }).click();
    await expect(page.locator('.fleet .field-error')).toHaveText(
      'Line 2: scenario "nosuch" does not exist; the scenarios are listed under Diagnose, in the host card’s Scenario list',
    );
    await expect(hosts).toHaveAttribute('aria-invalid', 'true');
    await hosts.fill('pc-1\npc-2 scenario=expired-cert\npc-3 scenario=winrm-off');
    await page.getByRole('button', { name: 'Check hosts' }).click();
    await expect(page.getByText('3 hosts: 1 OK, 1 with problems, 1 unreachable, 0 errors.')).toBeVisible();
    await page.getByRole('button', { name: /pc-3/ }).click();
    await expect(page.getByText(/TCP 5985: connection refused/)).toBeVisible();
    await expect(page.getByText(/Fix: On the host .*Enable-PSRemoting/)).toBeVisible();
    // Drill down into one host: open it as the host of the app, then its own diagnosis.
    await page.getByRole('button', { name: /pc-2/ }).click();
    await page.getByRole('button', { name: 'Open pc-2 as the host' }).click();
    await expect(page.getByText(/Connected to pc-2 /)).toBeVisible();
    // The same simulated host as its fleet row: its certificate is the expired one.
    await runHostChecks(page);
    await expect(findingRow(page, 'host.certificate')).toContainText('Failed');
  });
});

// A downgrade whose automatic revert never ran: the technician applied "Turn off NLA" with its 15-minute time box,
// then the PC stayed off past the revert task's end (its trigger expires a year after the revert time), so Task
// Scheduler never started it. The next time RDP Doctor opens, the banner must say the revert did not run, with the
// date it was due, and "Revert now" must put NLA back as it was.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SimulatedHost } from '../electron/hosts/simulated/simulated-host';
import { test, expect, findingRow, runHostChecks, shootBothThemes } from './support/app';

const DAY_MS = 86_400_000;

/** The host's clock moves on while RDP Doctor is closed (the simulated host keeps it in its state file). */
function hostClockForward(stateFile: string, ms: number): void {
  const host = SimulatedHost.open({ scenario: 'nla-mismatch', stateFile });
  host.state.clock.now = new Date(host.now().getTime() + ms).toISOString();
  host.persist();
}

function onlyJournalEntry(stateFile: string): { id: string; revertAt: string } {
  const dir = path.join(path.dirname(stateFile), `${path.basename(stateFile, '.json')}-journal`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8')) as { id: string; revertAt: string };
}

test.describe('a security downgrade the host reverted on time', () => {
  test.use({ scenario: 'nla-mismatch', persistState: true });

  test('History says the host undid it, and no banner is left', async ({ app }) => {
    let page = app.page;
    await runHostChecks(page);
    await findingRow(page, 'host.nla').locator('.fix-buttons button').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Security is lowered');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('li.entry.entry-applied')).toContainText(/The host reverts it at .*, even if RDP Doctor is closed\./);

    // An hour later (RDP Doctor closed meanwhile): the host's task ran at its time.
    await app.restart(() => hostClockForward(app.stateFile, 3_600_000));
    page = app.page;
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('li.entry.entry-rolled-back')).toContainText("by the host's scheduled revert");
    await expect(page.getByRole('region', { name: 'Security warnings' })).toBeHidden();
  });
});

test.describe('a security downgrade whose automatic revert did not run', () => {
  test.use({ scenario: 'nla-mismatch', persistState: true });

  test('the banner says so with the date it was due, and "Revert now" puts NLA back as it was', async ({ app }, testInfo) => {
    let page = app.page;
    await runHostChecks(page);
    const nla = () => findingRow(page, 'host.nla');
    await expect(nla()).toContainText('Failed');
    const before = {
      status: await nla().locator('.finding-status').textContent(),
      verdict: await nla().locator('.finding-verdict').textContent(),
    };

    await nla().locator('.fix-buttons button').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('Security is lowered');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const { revertAt } = onlyJournalEntry(app.stateFile);

    // 400 days later: past the task's end boundary (365 days after its time), so the host never ran it.
    await app.restart(() => hostClockForward(app.stateFile, 400 * DAY_MS));
    page = app.page;
    const banner = page.getByRole('region', { name: 'Security warnings' });
    await expect(banner).toContainText('Security is lowered: Turn off Network Level Authentication');
    await expect(banner).toContainText('The automatic revert did not run');
    // The date, not only a time of day that would read as today's.
    const due = await page.evaluate(
      (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      revertAt,
    );
    await expect(banner).toContainText(`it was due ${due}): revert it now.`);
    await expect(banner).not.toContainText('reverts it at');
    await expect(banner).not.toContainText('(in ');
    await shootBothThemes(page, 'downgrade-missed-revert', testInfo);
    // History says the same of the entry (not only "Applied · Can be undone").
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('li.entry.entry-applied')).toContainText(
      `The automatic revert did not run (it was due ${due}): undo it now.`,
    );

    await banner.getByRole('button', { name: 'Revert now' }).click();
    await expect(banner).toBeHidden();
    // Not the page's memory: the host's journal says it is reverted, so a reload shows no banner either.
    await page.reload();
    await expect(page.locator('main#main')).toHaveAttribute('aria-busy', 'false');
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.locator('li.entry')).toHaveCount(1);
    await expect(page.locator('li.entry.entry-rolled-back')).toContainText('Undone');
    await expect(page.locator('li.entry')).not.toContainText('did not run');
    await expect(page.locator('li.entry')).not.toContainText("by the host's scheduled revert");
    await expect(banner).toBeHidden();

    await page.getByRole('navigation').getByRole('button', { name: 'Diagnose' }).click();
    await runHostChecks(page);
    await expect(nla().locator('.finding-status')).toHaveText(before.status ?? '');
    await expect(nla().locator('.finding-verdict')).toHaveText(before.verdict ?? '');
  });
});

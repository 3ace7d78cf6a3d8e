// Name resolution end to end without leaving 127.0.0.1: the app asks a real DNS server on loopback
// (`rdp-doctor web --dns-server`), which knows one name, gives another a different address on every query,
// and answers NXDOMAIN for the rest. A DNS flush is offered only where this PC's cache could be the problem,
// never for a name that does not exist.
import { freePort } from '../../test/support/xrdp';
import { test as base, expect, findingRow } from '../support/app';
import { startDnsServer, type DnsServer } from '../support/dns-server';
import { journeyShot } from './shots';

const KNOWN = 'pc-042.rdp-doctor.test';
const FLAPPING = 'pc-flap.rdp-doctor.test';
const MISSING = 'pc-gone.rdp-doctor.test';

let flips = 0;
const test = base.extend<{ dns: DnsServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern; this one needs none
  dns: async ({}, use) => {
    const server = await startDnsServer({
      [KNOWN]: () => ['127.0.0.1'],
      // A stale or round-robin record: another loopback address on each query.
      [FLAPPING]: () => [`127.0.0.${(flips++ % 3) + 1}`],
    });
    await use(server);
    await server.close();
  },
  appArgs: async ({ dns }, use) => use(['--dns-server', dns.address]),
});

const FLUSH = /Flush this PC's DNS cache/;

test.describe('name resolution through a DNS server on 127.0.0.1', () => {
  test.use({ scenario: 'healthy' });
  test.skip(({ app }) => app.kind === 'electron', 'The DNS server option is a browser-mode start option.');

  test('a name that does not exist: said so, no flush offered; a known name resolves; a flapping one offers the flush', async ({
    app,
    dns,
  }, testInfo) => {
    const { page } = app;
    const port = await freePort();
    const field = page.getByLabel('PC name or address');
    const diagnose = async (name: string) => {
      const again = page.getByRole('button', { name: 'New diagnosis' });
      if (await again.isVisible()) await again.click();
      await field.fill(`${name}:${port}`);
      await page.getByRole('button', { name: 'Diagnose connection' }).click();
      await expect(page.locator('#cause-title')).toBeVisible({ timeout: 60_000 });
    };

    await diagnose(MISSING);
    expect(dns.queries).toContain(MISSING);
    const row = findingRow(page, 'client.dns');
    await expect(row).toContainText('Failed');
    await expect(row).toContainText(`The name ${MISSING} does not exist`);
    await expect(row).not.toContainText('ENOTFOUND');
    await expect(page.getByRole('button', { name: FLUSH })).toHaveCount(0);
    await journeyShot(page, testInfo, 'dns-missing-name');

    await diagnose(KNOWN);
    await expect(row).toContainText('Passed');
    await expect(row).toContainText(`${KNOWN} resolves to 127.0.0.1`);
    await expect(page.getByRole('button', { name: FLUSH })).toHaveCount(0);

    await diagnose(FLAPPING);
    await expect(row).toContainText('Warning');
    await expect(row.getByRole('button', { name: FLUSH })).toBeEnabled();
    await journeyShot(page, testInfo, 'dns-flapping-name', { themes: false });
  });
});

// Notices dismiss themselves or stack without covering content: information times out on its own (each notice
// from when it appeared), an error stays until dismissed, several stack, and none lies over the page's controls.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../support/app';
import { journeyShot } from './shots';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator): Promise<Box[]> {
  const out: Box[] = [];
  for (const el of await locator.all()) {
    const box = (await el.isVisible()) ? await el.boundingBox() : null;
    if (box && box.width > 0 && box.height > 0) out.push(box);
  }
  return out;
}

/** The main content's controls that lie under a notice, named for the failure message. */
async function controlsUnderNotices(page: Page): Promise<string[]> {
  const notices = await boxes(page.locator('.notice'));
  const controls = page.locator('main#main :is(button, a[href], input, select, textarea, summary, [tabindex="0"]):not(.notices *)');
  const covered: string[] = [];
  for (const el of await controls.all()) {
    const box = (await el.isVisible()) ? await el.boundingBox() : null;
    if (box && notices.some((n) => overlaps(n, box)))
      covered.push((await el.textContent())?.trim().slice(0, 40) || (await el.evaluate((e) => e.outerHTML.slice(0, 60))));
  }
  return covered;
}

const scrollToEnd = (page: Page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));

test.describe('notices', () => {
  test.use({ scenario: 'healthy' });

  test('stack, information times out by itself, errors stay, and none covers a control', async ({ app }, testInfo) => {
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 700 });
    const info = page.locator('.notice-info');
    const errors = page.locator('.notice-error');

    // An error: a code that is not an error code, sent with a run.
    await page.getByLabel('Which error did Remote Desktop Connection show?').fill('0x904/zz');
    await page.getByRole('button', { name: 'Run all host checks' }).click();
    await expect(errors).toHaveCount(1);

    // Several pieces of information: scenarios loaded one after another.
    const scenario = page.getByLabel('Scenario');
    await scenario.selectOption('multi-fault');
    await expect(info).toHaveCount(1);
    const firstShown = Date.now();
    await page.waitForTimeout(4500);
    await scenario.selectOption('expired-cert');
    await scenario.selectOption('nla-mismatch');
    await expect(info).toHaveCount(3);
    await expect(errors).toHaveCount(1);

    // They stack: one above the other, none over another.
    const stacked = await boxes(page.locator('.notice'));
    for (const [i, a] of stacked.entries()) for (const b of stacked.slice(i + 1)) expect(overlaps(a, b)).toBe(false);

    // None covers the content: scrolled to the end (the page keeps room as tall as the stack) no control is under one.
    await scrollToEnd(page);
    expect(await controlsUnderNotices(page)).toEqual([]);
    await journeyShot(page, testInfo, 'notices-stacked', { themes: false });

    // Information times out from when it appeared, even though later notices came after it.
    await expect(info.filter({ hasText: 'multi-fault' })).toHaveCount(0, { timeout: 8000 });
    expect(Date.now() - firstShown).toBeLessThan(8000 + 3000);
    await expect(info.filter({ hasText: 'nla-mismatch' })).toBeVisible();
    await expect(info).toHaveCount(0, { timeout: 10_000 });

    // The error stays until dismissed.
    await expect(errors).toHaveCount(1);
    await errors.getByRole('button', { name: 'Dismiss' }).click();
    await expect(errors).toHaveCount(0);
  });
});

// Notices dismiss themselves or stack without covering content: information times out on its own (each notice
// from when it appeared), an error stays until dismissed, several stack, and none lies over the page: at the top,
// midway and at the end of the page, no content a person sees is under a notice (bounding boxes, 1024x700).
import path from 'node:path';
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

const SCROLLER = '.scroller';

/**
 * The page's content that a person sees (its box clipped to the scrolling area) and that lies under a notice:
 * controls, headings, paragraphs, list items, table cells. Measured in the page in one go (notices time out).
 */
function contentUnderNotices(page: Page): Promise<string[]> {
  return page.evaluate((scroller) => {
    const rect = (e: Element) => e.getBoundingClientRect();
    const area = rect(document.querySelector(scroller)!);
    const notices = Array.from(document.querySelectorAll('.notice'))
      .map(rect)
      .filter((r) => r.width > 0 && r.height > 0);
    const selector = 'main#main :is(button, a[href], input, select, textarea, summary, [tabindex="0"], h1, h2, h3, p, li, td, th)';
    const covered: string[] = [];
    for (const el of Array.from(document.querySelectorAll(selector))) {
      if (el.closest('.notices')) continue;
      const r = rect(el);
      const top = Math.max(r.top, area.top);
      const bottom = Math.min(r.bottom, area.bottom);
      if (r.width === 0 || bottom <= top) continue;
      if (notices.some((n) => n.left < r.right && r.left < n.right && n.top < bottom && top < n.bottom))
        covered.push((el.textContent ?? '').trim().slice(0, 40) || el.outerHTML.slice(0, 60));
    }
    return covered;
  }, SCROLLER);
}

/** Scrolls the page (its scrolling area) to a fraction of the way down; returns how far that is in pixels. */
const scrollPage = (page: Page, fraction: number) =>
  page.locator(SCROLLER).evaluate((el, f) => {
    el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * f);
    return el.scrollTop;
  }, fraction);

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
    // When the first notice leaves the page, noted by the page itself: the checks below take their own time.
    await page.evaluate(() => {
      const w = window as unknown as { firstGone?: number };
      new MutationObserver(() => {
        if (w.firstGone === undefined && !document.querySelector('.notice-dock')?.textContent?.includes('multi-fault'))
          w.firstGone = Date.now();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.waitForTimeout(4500);
    await scenario.selectOption('expired-cert');
    await scenario.selectOption('nla-mismatch');
    await expect(info).toHaveCount(3);
    await expect(errors).toHaveCount(1);

    // They stack: one above the other, none over another.
    const stacked = await boxes(page.locator('.notice'));
    for (const [i, a] of stacked.entries()) for (const b of stacked.slice(i + 1)) expect(overlaps(a, b)).toBe(false);

    await journeyShot(page, testInfo, 'notices-stacked', { themes: false });

    // None covers the content, at the top, midway and at the end of the page: the page scrolls above the dock.
    const room = await page.locator(SCROLLER).evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(room, 'the page is long enough to scroll at 1024x700').toBeGreaterThan(200);
    for (const [where, fraction] of [
      ['top', 0],
      ['middle', 0.5],
      ['end', 1],
    ] as const) {
      const y = await scrollPage(page, fraction);
      if (where === 'middle') expect(y).toBeGreaterThan(100);
      await expect(info.first()).toBeVisible();
      expect(await contentUnderNotices(page), `content under a notice, scrolled to the ${where}`).toEqual([]);
      await page.screenshot({
        path: path.join(testInfo.project.outputDir, 'journeys', `notices-stacked-${where}.png`),
        animations: 'disabled',
      });
    }

    // Information times out from when it appeared, even though later notices came after it.
    await expect(info.filter({ hasText: 'multi-fault' })).toHaveCount(0, { timeout: 8000 });
    const firstGone = await page.evaluate(() => (window as unknown as { firstGone?: number }).firstGone);
    expect(firstGone! - firstShown).toBeLessThan(8000 + 3000);
    await expect(info.filter({ hasText: 'nla-mismatch' })).toBeVisible();
    await expect(info).toHaveCount(0, { timeout: 10_000 });

    // The error stays until dismissed.
    await expect(errors).toHaveCount(1);
    await errors.getByRole('button', { name: 'Dismiss' }).click();
    await expect(errors).toHaveCount(0);
  });
});

// Journey screenshots for a person to look at: test-results/e2e/journeys/<journey>-<step>.png, both themes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expectNoAxeViolations, screenshotWholePage } from '../support/app';

export async function journeyShot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: { themes?: boolean; fullPage?: boolean } = {},
): Promise<void> {
  const dir = path.join(testInfo.project.outputDir, 'journeys');
  mkdirSync(dir, { recursive: true });
  const prefix = testInfo.project.name === 'web' ? '' : `${testInfo.project.name}-`;
  const schemes = options.themes === false ? [null] : (['light', 'dark'] as const);
  for (const scheme of schemes) {
    if (scheme) await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `${name}${scheme ? ` (${scheme})` : ''}`);
    const file = `${prefix}${name}${scheme ? `-${scheme}` : ''}.png`;
    const shot = { path: path.join(dir, file), animations: 'disabled', caret: 'hide' } as const;
    await (options.fullPage ? screenshotWholePage(page, shot) : page.screenshot(shot));
  }
  if (options.themes !== false) await page.emulateMedia({ colorScheme: 'light' });
}

/// <reference lib="dom" />
// Issue 6: the renderer's own defences, seen from the page. Runs in both projects: `web` (the page served
// by the loopback bridge, CSP as a header and a <meta>) and `electron` (file://, CSP <meta> plus the
// main process's navigation guards).
import { test, expect } from './support/app';

test.describe('renderer hardening', () => {
  test('an injected inline script, an inline event handler and eval are blocked by the CSP', async ({ app }) => {
    const { page } = app;
    await expect(page.locator('#root')).not.toBeEmpty();
    // page.evaluate runs through DevTools, which CSP does not govern; what it injects into the DOM is governed.
    const outcome = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injectedScript = true;';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__injectedHandler = true');
      img.src = 'data:image/png;base64,AAAA';
      document.body.append(img);
      // DevTools lifts the eval check while it evaluates, so eval is tried later, from a timer of the page.
      const evalOutcome = await new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            (0, eval)('window.__evaluated = true');
            resolve('ran');
          } catch (error) {
            resolve((error as Error).name);
          }
        }, 0),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      script.remove();
      img.remove();
      return { script: w.__injectedScript === true, handler: w.__injectedHandler === true, evalOutcome, violations };
    });
    expect(outcome.script).toBe(false);
    expect(outcome.handler).toBe(false);
    expect(outcome.evalOutcome).toBe('EvalError');
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']));
  });

  test('a form cannot carry the page to another site, and no frame can load one', async ({ app }) => {
    const { page } = app;
    await expect(page.locator('#root')).not.toBeEmpty();
    const before = page.url();
    const violations = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
      const form = document.createElement('form');
      form.action = 'https://example.invalid/steal';
      form.method = 'get';
      document.body.append(form);
      form.submit();
      const frame = document.createElement('iframe');
      frame.src = 'https://example.invalid/frame';
      document.body.append(frame);
      await new Promise((resolve) => setTimeout(resolve, 500));
      form.remove();
      frame.remove();
      return seen;
    });
    expect(violations).toEqual(expect.arrayContaining(['form-action', 'frame-src']));
    expect(page.url()).toBe(before);
  });

  test('the Electron window refuses to navigate away or open windows', async ({ app }) => {
    test.skip(app.kind !== 'electron', 'navigation and window.open guards live in the Electron main process');
    const { page } = app;
    await expect(page.locator('#root')).not.toBeEmpty();
    const before = page.url();
    const opened = await page.evaluate(() => window.open('https://example.invalid/', '_blank') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await expect(page.locator('#root')).not.toBeEmpty();
    // The bridge is there, and it is only the contract.
    expect(await page.evaluate(() => Object.keys((window as unknown as { rdpDoctor: object }).rdpDoctor).sort())).toEqual(['invoke', 'on']);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
  });
});

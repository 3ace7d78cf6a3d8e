import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const [,, scenario, out, steps = ''] = process.argv;
const dir = mkdtempSync('/tmp/uij/d-');
const child = spawn(process.execPath, ['bin/rdp-doctor.cjs', 'web', '--port', '0', '--scenario', scenario, '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((r) => { let o=''; child.stdout.on('data', (c) => { o += c; const m = /(http:\/\/127[^\s]+)/.exec(o); if (m) r(m[1]); }); });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
await page.goto(url);
let n = 0;
const shot = async (name, full = false) => { await page.screenshot({ path: `${out}-${++n}-${name}.png`, fullPage: full }); };
await page.waitForTimeout(500);
await shot('start');
for (const step of steps.split(';').filter(Boolean)) {
  const [kind, arg] = step.split('=');
  if (kind === 'click') await page.getByRole('button', { name: new RegExp(arg) }).first().click();
  if (kind === 'wait') await page.waitForTimeout(Number(arg));
  if (kind === 'shot') await shot(arg);
  if (kind === 'fshot') await shot(arg, true);
  if (kind === 'key') await page.keyboard.press(arg);
  if (kind === 'vp') { const [w, h] = arg.split('x').map(Number); await page.setViewportSize({ width: w, height: h }); }
  if (kind === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
  if (kind === 'fill') { const [label, v] = arg.split('|'); await page.getByLabel(label).fill(v); }
  if (kind === 'dlgclick') await page.getByRole('dialog').getByRole('button', { name: new RegExp(arg) }).first().click();
  if (kind === 'check') await page.getByRole('dialog').getByRole('checkbox').check();
  if (kind === 'text') console.log(await page.locator('main').innerText());
}
await browser.close(); child.kill();

// `fleet --report FILE.pdf`: the fleet report's HTML (hosts by top cause with counts, then every host) printed
// by the same pipeline as `diagnose --report FILE.pdf`: a Chromium the machine already has (chooseBrowser: Edge
// under Program Files, /usr/bin/chromium, or --browser PATH), started with the same arguments, scripts off, the
// network refused.
import type { FleetRow } from './run-fleet';
import { renderFleetHtml } from './fleet-report';
import { BrowserNotFoundError, chooseBrowser, launchArgs, type PdfRenderOptions } from '../../report/render-pdf';

export async function renderFleetPdf(rows: FleetRow[], generatedAt: string, opts: PdfRenderOptions = {}): Promise<Buffer> {
  const choice = chooseBrowser(opts);
  const { chromium } = await import('playwright-core');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium
    .launch({ ...choice, args: launchArgs(isRoot), chromiumSandbox: !isRoot, timeout: opts.timeoutMs ?? 30_000 })
    .catch((err: Error) => {
      const where = 'channel' in choice ? 'Microsoft Edge' : choice.executablePath;
      throw new BrowserNotFoundError(
        `browser: could not start ${where} to print the PDF (${err.message.split('\n')[0]}); pass another with --browser PATH`,
      );
    });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false, offline: true });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(renderFleetHtml(rows, generatedAt), { waitUntil: 'load', timeout: opts.timeoutMs ?? 30_000 });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', right: '12mm', bottom: '14mm', left: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555">RDP Doctor fleet report · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      tagged: true,
    });
  } finally {
    await browser.close();
  }
}

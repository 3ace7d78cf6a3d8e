// HTML → PDF for the CLI and the web bridge, with a Chromium the machine already has (playwright-core ships
// no browser): Microsoft Edge on Windows, /usr/bin/chromium on Linux, or the path the user gives. The Electron
// app prints the same HTML with printToPDF instead (see pdf-options.ts).
import { existsSync } from 'node:fs';
import type { Report } from '../../shared/report';
import { playwrightPdfOptions } from './pdf-options';
import { renderHtml } from './render-html';

export interface PdfRenderOptions {
  /** A Chromium-based browser executable; the CLI's --browser. */
  browserPath?: string;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}

/** No usable browser: the message names the option that supplies one. */
export class BrowserNotFoundError extends Error {
  readonly field = 'browser';
  constructor(message: string) {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

// The headless shell first: it starts in a third of the time of the full browser and prints the same PDF.
const LINUX_BROWSERS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/usr/bin/microsoft-edge',
];
const MAC_BROWSERS = [
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export type BrowserChoice = { executablePath: string } | { channel: 'msedge' };

/** A Program Files folder from the environment when it is a plain drive path, else its usual place. */
function programFiles(value: string | undefined, fallback: string): string {
  return value && /^[A-Za-z]:\\[A-Za-z0-9 _.()\\-]*$/.test(value) && !value.includes('..') ? value.replace(/\\+$/, '') : fallback;
}

/**
 * Edge as installed per machine, under Program Files (admin-only). Never the channel lookup, which tries the
 * per-user %LOCALAPPDATA% copy first: a program any user can replace must not run in an elevated CLI's stead.
 */
function edgeCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const tail = 'Microsoft\\Edge\\Application\\msedge.exe';
  return [
    `${programFiles(env['ProgramFiles(x86)'], 'C:\\Program Files (x86)')}\\${tail}`,
    `${programFiles(env.ProgramFiles, 'C:\\Program Files')}\\${tail}`,
  ];
}

export function chooseBrowser(opts: PdfRenderOptions = {}, exists: (p: string) => boolean = existsSync): BrowserChoice {
  if (opts.browserPath) {
    if (!exists(opts.browserPath)) {
      throw new BrowserNotFoundError(
        `browser: no browser executable at "${opts.browserPath}"; pass the path of Chromium, Chrome or Edge with --browser PATH`,
      );
    }
    return { executablePath: opts.browserPath };
  }
  const platform = opts.platform ?? process.platform;
  const candidates = platform === 'win32' ? edgeCandidates() : platform === 'darwin' ? MAC_BROWSERS : LINUX_BROWSERS;
  const found = candidates.find((p) => exists(p));
  if (!found) {
    throw new BrowserNotFoundError(
      `browser: no Chromium-based browser found to print the PDF (looked for ${candidates.join(', ')}); ` +
        `install chromium or pass its path with --browser PATH, or write the report as .html or .json`,
    );
  }
  return { executablePath: found };
}

export function launchArgs(isRoot: boolean): string[] {
  return [
    // Root cannot use Chromium's user-namespace sandbox; the page has no scripts and no network anyway.
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

type Browser = Awaited<ReturnType<(typeof import('playwright-core'))['chromium']['launch']>>;

let warm: { key: string; browser: Promise<Browser> } | null = null;

async function launch(opts: PdfRenderOptions): Promise<Browser> {
  const choice = chooseBrowser(opts);
  const { chromium } = await import('playwright-core');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  try {
    // launch() gives every run a fresh temporary profile, removed on close.
    return await chromium.launch({ ...choice, args: launchArgs(isRoot), chromiumSandbox: !isRoot, timeout: opts.timeoutMs ?? 30_000 });
  } catch (err) {
    const where = 'channel' in choice ? 'Microsoft Edge (channel msedge)' : choice.executablePath;
    throw new BrowserNotFoundError(
      `browser: could not start ${where} to print the PDF (${(err as Error).message.split('\n')[0]}); pass another with --browser PATH`,
    );
  }
}

/**
 * Starts the browser ahead of time, so its start-up overlaps the diagnosis (the CLI calls this when
 * --report ends in .pdf). The next renderPdf with the same options uses it; errors surface there.
 */
export function prewarmPdf(opts: PdfRenderOptions = {}): void {
  const key = JSON.stringify([opts.browserPath ?? null, opts.platform ?? null]);
  if (warm?.key === key) return;
  const browser = launch(opts);
  browser.catch(() => undefined);
  warm = { key, browser };
}

function takeBrowser(opts: PdfRenderOptions): Promise<Browser> {
  const key = JSON.stringify([opts.browserPath ?? null, opts.platform ?? null]);
  if (warm?.key === key) {
    const { browser } = warm;
    warm = null;
    return browser;
  }
  return launch(opts);
}

/** Renders the report's HTML to PDF bytes. */
export async function renderPdf(report: Report, opts: PdfRenderOptions = {}): Promise<Buffer> {
  return htmlToPdf(renderHtml(report), report, opts);
}

export async function htmlToPdf(documentHtml: string, report: Report, opts: PdfRenderOptions = {}): Promise<Buffer> {
  const browser = await takeBrowser(opts);
  try {
    const page = await browser.newPage({ javaScriptEnabled: false, offline: true });
    // The report is self-contained; anything that still asks for the network is refused.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(documentHtml, { waitUntil: 'load', timeout: opts.timeoutMs ?? 30_000 });
    return await page.pdf(playwrightPdfOptions(report));
  } finally {
    await browser.close();
  }
}

// The `app` fixture: a fresh RDP Doctor per test, on its own temp data folder and scenario.
// web: `rdp-doctor web --port 0` spawned as a child process, the page opened at the URL it prints.
// electron: the real app through _electron.launch, when a binary exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, _electron, type ElectronApplication, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

export interface AppHandle {
  page: Page;
  kind: 'web' | 'electron';
  dataDir: string;
  /** The simulated host's state file (with persistState). */
  stateFile: string;
  /**
   * Stops the app and starts it again on the same data folder and state file (a "previous run");
   * `meanwhile` runs while the app is stopped (what happened to the host in between).
   */
  restart(meanwhile?: () => void | Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

interface Options {
  scenario: string;
  /** Keep the simulated host's state in a file in the data folder (survives restart()). */
  persistState: boolean;
  /** Start options of the app (both kinds), e.g. ['--not-elevated'] or ['--dns-server', '127.0.0.1:5353']. */
  appArgs: string[];
}

async function startWeb(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/rdp-doctor.cjs', 'web', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rdp-doctor web did not print its URL in 20 s.\n${out}\n${err}`)), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rdp-doctor web exited with ${code}:\n${out}\n${err}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, url };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const test = base.extend<Options & { app: AppHandle }>({
  scenario: ['healthy', { option: true }],
  persistState: [false, { option: true }],
  appArgs: [[], { option: true }],

  app: async ({ browser, scenario, persistState, appArgs }, use, testInfo: TestInfo) => {
    const kind = testInfo.project.metadata.kind as 'web' | 'electron';
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-e2e-'));
    const stateFile = path.join(dataDir, 'state.json');
    const stateArgs = [...(persistState ? ['--state', stateFile] : []), ...appArgs];
    let page!: Page;
    // Each kind says how to start and stop the app; restart() is the same for both (a "previous run").
    let start: () => Promise<void>;
    let stop: () => Promise<void>;
    let closeBrowser = async (): Promise<void> => undefined;

    if (kind === 'electron') {
      let electronApp: ElectronApplication;
      start = async () => {
        electronApp = await _electron.launch({
          executablePath: testInfo.project.metadata.binary as string,
          args: ['dist/electron/main.cjs', '--simulated', '--scenario', scenario, ...stateArgs],
          env: { ...process.env, RDP_DOCTOR_HOME: dataDir, RDP_DOCTOR_SIMULATED: '1', ELECTRON_ENABLE_LOGGING: '1' },
        });
        page = await electronApp.firstWindow();
      };
      stop = async () => electronApp.close();
    } else {
      const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      page = await context.newPage();
      let server: Awaited<ReturnType<typeof startWeb>>;
      start = async () => {
        server = await startWeb(['--port', '0', '--scenario', scenario, '--data-dir', dataDir, ...stateArgs]);
        await page.goto(server.url);
      };
      stop = () => stopChild(server.child);
      closeBrowser = () => context.close();
    }
    // The page has loaded its first data (host info) before a test acts: a test that stops the server
    // right away must find a running app, not one still starting (that races into "cannot start").
    const ready = async () => expect(page.locator('main#main')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await start();
    await ready();
    await use({
      get page() {
        return page;
      },
      kind,
      dataDir,
      stateFile,
      async restart(meanwhile) {
        await stop();
        await meanwhile?.();
        await start();
        await ready();
      },
      stop: () => stop(),
    });
    await closeBrowser();
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

/** axe-core over the whole page (including an open dialog); zero violations allowed. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n    ')}`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

const SHOTS = path.resolve('artifacts', 'screenshots');

/**
 * A screenshot of the whole page. The page scrolls inside the window (between the header and the notice dock),
 * so Playwright's fullPage would show one window's worth: the window is made as tall as the page for the shot.
 */
export async function screenshotWholePage(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<void> {
  const size = page.viewportSize();
  const extra = await page.locator('.scroller').evaluate((el) => el.scrollHeight - el.clientHeight);
  if (size && extra > 0) await page.setViewportSize({ width: size.width, height: size.height + extra });
  try {
    await page.screenshot({ ...options, fullPage: false });
  } finally {
    if (size && extra > 0) await page.setViewportSize(size);
  }
}

/** One screenshot per theme; the page follows prefers-color-scheme, so emulating it is enough. */
export async function shootBothThemes(page: Page, name: string, testInfo: TestInfo, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const prefix = testInfo.project.name === 'web' ? '' : `${testInfo.project.name}-`;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `${name} (${scheme})`);
    const shot = { path: path.join(SHOTS, `${prefix}${name}-${scheme}.png`), animations: 'disabled', caret: 'hide' } as const;
    await (options.fullPage ? screenshotWholePage(page, shot) : page.screenshot(shot));
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export async function runHostChecks(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run all host checks' }).click();
  await expect(page.locator('#cause-title')).toBeVisible();
}

export function findingRow(page: Page, checkId: string) {
  return page.locator(`li.finding[data-check-id="${checkId}"]`);
}

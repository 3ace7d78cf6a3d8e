// Two projects run the same specs: `web` (the renderer in Debian's Chromium through the loopback bridge) and
// `electron` (the real app through _electron.launch), the latter only when an Electron binary exists.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { electronBinary } from './support/electron-binary';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const electron = electronBinary();
const projects: NonNullable<PlaywrightTestConfig['projects']> = [
  {
    name: 'web',
    use: {
      browserName: 'chromium',
      launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    },
    metadata: { kind: 'web' },
  },
];
if (electron.path) {
  projects.push({ name: 'electron', metadata: { kind: 'electron', binary: electron.path } });
} else if (!process.env.TEST_WORKER_INDEX) {
  // The config is loaded again in every worker; only the runner prints.
  console.log(
    `e2e: electron project EXCLUDED (not run): ${electron.why}. Its tests (the same specs through _electron) run only where an Electron binary exists; the web project runs them in Chromium.`,
  );
}

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    actionTimeout: 15_000,
  },
  projects,
});

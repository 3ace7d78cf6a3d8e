// Builds what the suite runs: the Node bundles (CLI, Electron main/preload) and the renderer.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

export const WEB_ENTRY = 'dist/e2e/web.cjs';

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  // Until electron/cli/main.ts registers `web`, the suite runs the command through a one-file entry.
  if (!/commands\/web/.test(readFileSync('electron/cli/main.ts', 'utf8'))) {
    await build({
      entryPoints: ['e2e/support/web-entry.ts'],
      outfile: WEB_ENTRY,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
      external: ['electron', 'tree-sitter', 'tree-sitter-powershell', 'playwright-core', 'node-powershell', 'fsevents'],
    });
  }
}

// Builds what the suite runs: the Node bundles (CLI, Electron main/preload) and the renderer.
import { execFileSync } from 'node:child_process';

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

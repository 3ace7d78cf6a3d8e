// Bundles the Node side (CLI, Electron main, preload) with esbuild. Runs on `npm ci` (prepare) so that
// `npx rdp-doctor` works straight after install.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native or optional modules are loaded at run time from node_modules.
  external: ['electron', 'tree-sitter', 'tree-sitter-powershell', 'playwright-core', 'node-powershell', 'fsevents'],
};

const entries = [
  { entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli.cjs' },
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' },
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' },
];

await Promise.all(
  entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, ...e })),
);

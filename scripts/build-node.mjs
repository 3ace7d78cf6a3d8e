// Bundles the Node side (CLI, Electron main, preload) with esbuild. Runs on `npm ci` (prepare) so that
// `npx rdp-doctor` works straight after install.
// The CLI is one small entry (dist/cli.cjs: argument dispatch, help, version) plus one bundle per command
// (dist/cli/<command>.cjs), loaded only when that command runs: `probe` never parses the engine, the report
// renderer or zod schemas it does not use (issue 14: start-up time of the whole command).
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

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

/** main.ts imports './commands/<name>': in the bundle that becomes require('./cli/<name>.cjs'). */
const commandsAsFiles = {
  name: 'commands-as-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) =>
      args.importer.endsWith(path.join('electron', 'cli', 'main.ts'))
        ? { path: `./cli/${path.basename(args.path)}.cjs`, external: true }
        : undefined,
    );
  },
};

const commandDir = 'electron/cli/commands';
const commands = readdirSync(commandDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

const entries = [
  // import() of a .cjs would go through the ESM loader, which first scans the whole bundle for its exports
  // (cjs-module-lexer, ~0.1 s for a large one); require() loads it directly.
  { entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli.cjs', plugins: [commandsAsFiles], supported: { 'dynamic-import': false } },
  // Whitespace and syntax minified (names kept, source maps linked): less for V8 to scan at every start.
  ...commands.map((f) => ({
    entryPoints: [path.join(commandDir, f)],
    outfile: `dist/cli/${f.replace(/\.ts$/, '.cjs')}`,
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
  })),
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' },
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' },
];

await Promise.all(entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, ...e })));

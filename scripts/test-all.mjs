// `npm test`: type-check, build, unit tests, end-to-end tests, security scan. Prints one closing line
// "N passed, N failed, N skipped" over all suites and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('artifacts', { recursive: true });

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  results.passed += j.numPassedTests ?? 0;
  results.failed += j.numFailedTests ?? 0;
  results.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (existsSync('renderer/tsconfig.json')) step('typecheck renderer', npx, ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']);
step('build', 'npm', ['run', 'build', '--silent']);
if (existsSync('scripts/check-electron-security.mjs')) step('electron security scan', process.execPath, ['scripts/check-electron-security.mjs']);
step('unit tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/vitest.json']);
countVitest('artifacts/vitest.json');
if (existsSync('e2e/playwright.config.ts')) {
  step('end-to-end tests', npx, ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.resolve('artifacts/playwright.json') });
  countPlaywright('artifacts/playwright.json');
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(failures.length || results.failed ? 1 : 0);

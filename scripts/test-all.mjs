// `npm test`: checks what the tests need from the system, then type-check, build, lint, format check, unit
// tests, end-to-end tests, security scan. Prints one closing line "N passed, N failed, N skipped" over all
// suites and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** An item of scripts/test-deps.txt: an absolute path that must exist, or a command that must be on PATH. */
function present(item) {
  if (path.isAbsolute(item)) return existsSync(item);
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, item), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Fails before any test runs, naming every missing binary: a missing tool is never a silent skip. */
function preflight() {
  const missing = [];
  for (const line of readFileSync('scripts/test-deps.txt', 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const [pkg, needs, why] = line.split('|').map((x) => x.trim());
    for (const item of needs.split(',').map((x) => x.trim())) {
      if (!present(item)) missing.push(`  ${item}: Debian package ${pkg} (${why})`);
    }
  }
  if (!missing.length) return;
  console.error(
    `npm test: these are missing, so the tests cannot run:\n${missing.join('\n')}\nRun scripts/setup.sh (as root on Debian it installs them; elsewhere it says how).`,
  );
  process.exit(1);
}

preflight();

const results = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const failures = [];
mkdirSync('artifacts', { recursive: true });

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${name} ${seconds} s`);
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds} s`);
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

let electronNote = '';

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
  // The Electron project runs the same specs as the web one; without a binary it is not in the run at all,
  // so its tests are in none of the counts above: say so, with how many there are.
  const projects = (report.config?.projects ?? []).map((p) => p.name);
  if (!projects.includes('electron')) {
    const countTests = (suite) =>
      (suite.specs ?? []).reduce((n, spec) => n + spec.tests.filter((t) => t.projectName === 'web').length, 0) +
      (suite.suites ?? []).reduce((n, x) => n + countTests(x), 0);
    const electronTests = (report.suites ?? []).reduce((n, x) => n + countTests(x), 0);
    electronNote = `Not counted below: the Electron e2e project, ${electronTests} tests, EXCLUDED here: it runs only where an Electron binary exists.`;
  }
}

/** Tracked files that differ from the index (a test that writes into the repo shows up here). */
function trackedChanges() {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n').filter(Boolean) : null;
}
const trackedBefore = trackedChanges();

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (existsSync('renderer/tsconfig.json')) step('typecheck renderer', npx, ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']);
step('build', 'npm', ['run', 'build', '--silent']);
// Lint (typescript-eslint type-checked + react-hooks, zero warnings) and the Prettier check: style and the
// type-aware rules (no floating promises, no `any` leaking) are part of passing, not advice.
step('lint', 'npm', ['run', 'lint', '--silent']);
step('format check', 'npm', ['run', 'format:check', '--silent']);
if (existsSync('scripts/check-electron-security.mjs'))
  step('electron security scan', process.execPath, ['scripts/check-electron-security.mjs']);
step('unit tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/vitest.json']);
countVitest('artifacts/vitest.json');
if (existsSync('e2e/playwright.config.ts')) {
  step('end-to-end tests', npx, ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.resolve('artifacts/playwright.json'),
  });
  countPlaywright('artifacts/playwright.json');
}

// No test writes tracked files (README pictures come from `npm run docs:images`, run on purpose).
const trackedAfter = trackedChanges();
if (trackedBefore && trackedAfter) {
  const written = trackedAfter.filter((line) => !trackedBefore.includes(line));
  if (written.length) {
    console.log(`\n=== tracked files: FAILED: the tests changed files under version control:\n${written.join('\n')}`);
    failures.push('tracked files unchanged');
  }
}

console.log(`\nDurations: ${timings.join(', ')}`);
if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
if (electronNote) console.log(`\n${electronNote}`);
// The closing line stands alone, so a reader of the log (or CI) finds the counts in one known form.
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(failures.length || results.failed ? 1 : 0);

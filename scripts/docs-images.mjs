// `npm run docs:images`: regenerates the README's pictures on purpose (no test writes under docs/).
// - docs/images/report-page1.png: page 1 of the PDF report of the multi-fault scenario, made through the CLI
//   as a technician would (a reversible fix applied and rolled back, a security downgrade left in place);
// - docs/images/{start,diagnosis,fix-dialog,conclusion}.png: the app screens, shot by the journey specs
//   (e2e/journeys) as a technician walks through them.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const IMAGES = path.resolve('docs/images');
const SHOTS = path.resolve('test-results/e2e/journeys');
const SCREENS = {
  'start.png': 'first-launch-start-light.png',
  'diagnosis.png': 'multi-fault-found-light.png',
  'fix-dialog.png': 'expired-cert-dialog-light.png',
  'conclusion.png': 'expired-cert-fixed-light.png',
};

function cli(args, cwd) {
  const r = spawnSync(process.execPath, [path.resolve('bin/rdp-doctor.cjs'), ...args, '--json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, RDP_DOCTOR_HOME: cwd },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`rdp-doctor ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function reportPage1() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-docs-'));
  try {
    const state = path.join(dir, 'state.json');
    const d = cli(['diagnose', '--scenario', 'multi-fault', '--state', state], dir);
    const fixes = d.findings.flatMap((f) => f.fixes.filter((x) => !x.disabledReason).map((x) => ({ check: f.id, ...x })));
    const undo = fixes.find((x) => x.reversible && !x.lowersSecurity);
    if (undo) cli(['rollback', cli(['fix', undo.check, '--fix', undo.id, '--state', state, '--yes'], dir).entry.id, '--state', state], dir);
    const risk = fixes.find((x) => x.lowersSecurity);
    if (risk) cli(['fix', risk.check, '--fix', risk.id, '--state', state, '--yes'], dir);
    const pdf = path.join(dir, 'report.pdf');
    cli(['diagnose', '--state', state, '--report', pdf], dir);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(IMAGES, 'report-page1')]);
    console.log('docs:images: docs/images/report-page1.png');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
reportPage1();
const e2e = spawnSync(
  'npx',
  [
    'playwright',
    'test',
    '-c',
    'e2e/playwright.config.ts',
    'e2e/journeys/first-launch.spec.ts',
    'e2e/journeys/multi-fault.spec.ts',
    'e2e/journeys/expired-cert.spec.ts',
    '--project=web',
  ],
  { stdio: 'inherit' },
);
if (e2e.status !== 0) process.exit(e2e.status ?? 1);
for (const [to, from] of Object.entries(SCREENS)) {
  copyFileSync(path.join(SHOTS, from), path.join(IMAGES, to));
  console.log(`docs:images: docs/images/${to} (from ${from})`);
}

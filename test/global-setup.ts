// Tests that spawn the CLI use the bundled dist/cli.cjs; build it once so they test the current source.
// Every temporary folder the tests (and the CLIs they spawn) make goes under one folder for this run, removed
// at the end, so a run never leaves thousands of folders in the machine's /tmp.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-vitest-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

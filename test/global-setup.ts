// Tests that spawn the CLI use the bundled dist/cli.cjs; build it once so they test the current source.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
}

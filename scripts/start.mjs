// `npm start`: the desktop app when an Electron binary is available, otherwise the same UI in the browser
// (browser mode, on the simulated host), saying why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath = process.env.ELECTRON_OVERRIDE_DIST_PATH ? `${process.env.ELECTRON_OVERRIDE_DIST_PATH}/electron` : null;
if (!electronPath) {
  // Resolve the binary without require('electron'), which would try to download it.
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (existsSync(pathFile)) {
    const p = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(p)) electronPath = p;
  }
}
const args = electronPath
  ? [electronPath, ['dist/electron/main.cjs', ...process.argv.slice(2)]]
  : [process.execPath, ['bin/rdp-doctor.cjs', 'web', '--open', ...process.argv.slice(2)]];
if (!electronPath) console.log('No Electron binary on this machine: starting RDP Doctor in browser mode instead (simulated host).');
const child = spawn(args[0], args[1], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

// `npm start`: the desktop app when an Electron binary is available, otherwise the same UI in the browser
// (browser mode, on the simulated host), saying why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath = process.env.ELECTRON_OVERRIDE_DIST_PATH ? `${process.env.ELECTRON_OVERRIDE_DIST_PATH}/electron` : null;
if (!electronPath) {
  try {
    const p = require('electron');
    if (typeof p === 'string' && existsSync(p)) electronPath = p;
  } catch {
    electronPath = null;
  }
}
const args = electronPath ? [electronPath, ['dist/electron/main.cjs', ...process.argv.slice(2)]] : [process.execPath, ['bin/rdp-doctor.cjs', 'web', '--open', ...process.argv.slice(2)]];
if (!electronPath) console.log('No Electron binary on this machine: starting RDP Doctor in browser mode instead (simulated host).');
const child = spawn(args[0], args[1], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

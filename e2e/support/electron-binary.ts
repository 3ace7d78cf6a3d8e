// Where an Electron binary is, if any: ELECTRON_OVERRIDE_DIST_PATH, or the one `npm ci` downloads.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function electronBinary(): { path: string | null; why: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const names = process.platform === 'win32' ? ['electron.exe'] : process.platform === 'darwin' ? ['Electron.app/Contents/MacOS/Electron'] : ['electron'];
    const found = names.map((n) => path.join(override, n)).find((p) => existsSync(p));
    return found ? { path: found, why: '' } : { path: null, why: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no Electron executable` };
  }
  try {
    const require = createRequire(path.resolve('package.json'));
    const p = require('electron') as unknown as string;
    if (typeof p === 'string' && existsSync(p)) return { path: p, why: '' };
  } catch {
    // The electron package throws when its binary was never downloaded.
  }
  return { path: null, why: 'no Electron binary (node_modules/electron has none and ELECTRON_OVERRIDE_DIST_PATH is not set)' };
}

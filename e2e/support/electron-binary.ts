// Where an Electron binary is, if any: ELECTRON_OVERRIDE_DIST_PATH, or the one `npm ci` downloaded.
// Never `require('electron')` here: without a binary, electron 45's index.js tries to download one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function executableName(): string {
  const pathFile = path.resolve('node_modules/electron/path.txt');
  if (existsSync(pathFile)) return readFileSync(pathFile, 'utf8').trim();
  return process.platform === 'win32'
    ? 'electron.exe'
    : process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : 'electron';
}

export function electronBinary(): { path: string | null; why: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name = executableName();
  if (override) {
    const p = path.join(override, name);
    return existsSync(p) ? { path: p, why: '' } : { path: null, why: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no ${name}` };
  }
  const p = path.resolve('node_modules/electron/dist', name);
  if (existsSync(p)) return { path: p, why: '' };
  return { path: null, why: 'no Electron binary (node_modules/electron/dist is empty and ELECTRON_OVERRIDE_DIST_PATH is not set)' };
}

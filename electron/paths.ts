// Where the app's own files are: the repo in development and tests, resources/ in a packaged build.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { devOverride } from './env-overrides';

let cachedRoot: string | undefined;

function looksLikeRoot(dir: string): boolean {
  const pkg = path.join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'rdp-doctor';
  } catch {
    return false;
  }
}

/** The repository (or unpacked app) root that holds electron/ and package.json. */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  const starts = [
    devOverride('RDP_DOCTOR_ROOT'),
    typeof __dirname === 'string' ? __dirname : undefined,
    process.argv[1] && path.dirname(process.argv[1]),
    process.cwd(),
  ];
  for (const start of starts) {
    if (!start) continue;
    let dir = path.resolve(start);
    for (;;) {
      if (looksLikeRoot(dir)) return (cachedRoot = dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the RDP Doctor install folder (package.json named rdp-doctor); set RDP_DOCTOR_ROOT');
}

/**
 * Folder of the PowerShell scripts. In a packaged build they are extraResources under resources/ps, outside
 * the asar and in the per-machine install folder, so a standard user cannot swap a script that runs elevated.
 */
export function scriptsRoot(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(path.join(resources, 'ps'))) return path.join(resources, 'ps');
  return path.join(appRoot(), 'electron', 'engine');
}

export function scenariosRoot(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(path.join(resources, 'scenarios'))) return path.join(resources, 'scenarios');
  return path.join(appRoot(), 'electron', 'hosts', 'scenarios');
}

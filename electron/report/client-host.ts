// The client side of the report header: the machine this process runs on. Kept apart from the pure builder.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from '../../shared/report';

/** Windows 11 still says "Windows 10" in its ProductName (which os.version() reads); the build tells them apart. */
export function windowsName(version: string, release: string): string {
  const build = Number(release.split('.')[2] ?? 0);
  return build >= 22000 ? version.replace(/^Windows 10\b/, 'Windows 11') : version;
}

function linuxName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
    if (pretty) return `Linux (${pretty})`;
  } catch {
    // No os-release (some containers): the kernel name is enough.
  }
  return 'Linux';
}

function safeVersion(): string {
  try {
    return os.version();
  } catch {
    return '';
  }
}

export function localClientHost(): MachineInfo {
  const release = os.release();
  let name: string;
  switch (process.platform) {
    case 'win32':
      name = windowsName(safeVersion() || 'Windows', release);
      break;
    case 'linux':
      name = linuxName();
      break;
    case 'darwin':
      name = 'macOS';
      break;
    default:
      name = os.type();
  }
  return { computerName: os.hostname(), os: name, build: release };
}

/** The account running the app, as "DOMAIN\user" on Windows when the domain is known. */
export function localUserName(env: NodeJS.ProcessEnv = process.env): string {
  let user = env.USERNAME ?? env.USER ?? '';
  try {
    user = os.userInfo().username || user;
  } catch {
    // No passwd entry (some containers): keep the environment's answer.
  }
  const domain = process.platform === 'win32' ? env.USERDOMAIN : undefined;
  return domain && user ? `${domain}\\${user}` : user || 'unknown';
}

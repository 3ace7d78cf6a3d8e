// The client side of the report header: the machine this process runs on. Kept apart from the pure builder.
import os from 'node:os';
import type { MachineInfo } from '../../shared/report';

function osName(): string {
  switch (process.platform) {
    case 'win32':
      return 'Windows';
    case 'darwin':
      return 'macOS';
    case 'linux':
      return 'Linux';
    default:
      return os.type();
  }
}

export function localClientHost(): MachineInfo {
  // os.version() is "Windows 11 Pro" on Windows and the kernel banner elsewhere; both read well in a header.
  let version = '';
  try {
    version = os.version();
  } catch {
    version = '';
  }
  return { computerName: os.hostname(), os: version ? `${osName()} (${version})` : osName(), build: os.release() };
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

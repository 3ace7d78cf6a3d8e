// Where the journal lives. On Windows it is per machine, %ProgramData%\RDP Doctor, for the app, the CLI and
// browser mode alike: fixes change the machine, and with UAC over-the-shoulder elevation the admin's profile
// is not the user's, so a per-user journal would hide another admin's rollbacks. ProgramData lets standard
// users create folders, so the folder is created with its DACL in the same call and verified on every start
// (app/journal-folder.ts); the journal's snapshots are what rollback writes back as administrator.
import path from 'node:path';

export function machineDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.ProgramData ?? env.PROGRAMDATA ?? '';
  // eslint-disable-next-line no-control-regex -- path validation: NUL cannot be in a Windows path
  const safeBase = /^[A-Za-z]:\\[^"\u0000\r\n]*$/.test(base) ? base : 'C:\\ProgramData';
  return path.win32.join(safeBase, 'RDP Doctor');
}

export type DataDirChoice = { kind: 'machine'; dir: string } | { kind: 'user'; dir: string; reason: string };

export function chooseDataDir(options: {
  platform: NodeJS.Platform;
  elevated: boolean;
  userData: string;
  env: NodeJS.ProcessEnv;
}): DataDirChoice {
  if (options.platform !== 'win32')
    return { kind: 'user', dir: options.userData, reason: 'not Windows: the simulated host keeps its journal per user' };
  if (!options.elevated) {
    return {
      kind: 'user',
      dir: options.userData,
      reason: 'not elevated: fixes are disabled, and only an administrator may create the machine journal folder',
    };
  }
  return { kind: 'machine', dir: machineDataDir(options.env) };
}

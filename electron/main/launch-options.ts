// What the command line may change, and what it may not. Anyone who can plant a shortcut can choose the
// arguments an administrator later starts the app with, so switches that open a debugger or change how
// code is loaded make the packaged app refuse to start.
import path from 'node:path';
import { DEFAULT_SCENARIO, type HostChoice } from '../app/host-choice';
import { scheduledRevertArg } from '../app/scheduled-reverts';

const SCENARIO = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Chromium and Node switches that hand control of the process to whoever can reach a port or a pipe. */
const FORBIDDEN_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'js-flags',
  'require',
  'import',
  'no-sandbox',
  'disable-web-security',
  'disable-site-isolation-trials',
  'allow-file-access-from-files',
  'load-extension',
  'user-data-dir',
  'proxy-server',
  'proxy-pac-url',
  'host-resolver-rules',
  'host-rules',
  'ignore-certificate-errors',
  'enable-logging',
  'log-file',
  'renderer-cmd-prefix',
  'gpu-launcher',
  'utility-cmd-prefix',
  'browser-subprocess-path',
];

/** The first forbidden switch in argv, or null. Matches --name, --name=value and -name forms. */
export function forbiddenSwitch(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const match = /^--?([A-Za-z0-9-]+)(?:=|$)/.exec(arg);
    if (match && FORBIDDEN_SWITCHES.includes(match[1]!.toLowerCase())) return match[1]!;
  }
  return null;
}

export class LaunchOptionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'LaunchOptionError';
  }
}

/**
 * The scheduled-revert mode's entry id, or undefined for a normal start. The task ops/revert-task.ps1 registers
 * passes exactly `--scheduled-revert=<id>`; any other argument beside it (a debugging or proxy switch, a second
 * mode) can only come from a planted shortcut, so the start is refused. An unpackaged app's argv[1] is its path.
 */
export function scheduledRevertLaunch(argv: readonly string[], packaged: boolean): string | undefined {
  if (!argv.some((a) => /^--?scheduled-revert(?:=|$)/i.test(a))) return undefined;
  const args = argv.slice(packaged ? 1 : 2);
  const others = args.filter((a) => !a.startsWith('--scheduled-revert='));
  if (args.length !== 1 || others.length > 0) {
    const shown = (others.length > 0 ? others : args).map((a) => JSON.stringify(a.slice(0, 60))).join(' ');
    throw new LaunchOptionError(
      '--scheduled-revert',
      `must be the only argument, written --scheduled-revert=<journal entry id>; refusing to start with ${shown}`,
    );
  }
  return scheduledRevertArg(args);
}

function valueOf(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return argv[i + 1] ?? '';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/**
 * Windows uses the real host; elsewhere the simulator, whose state persists in the data folder unless
 * `--state FILE` says where. `--simulated` (or RDP_DOCTOR_SIMULATED=1) on Windows is a developer switch,
 * honoured only by an unpackaged app. Bad values are errors naming the option, never silently ignored.
 */
export function hostChoice(options: {
  argv: readonly string[];
  platform: NodeJS.Platform;
  packaged: boolean;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): HostChoice {
  const { argv, platform, packaged, dataDir } = options;
  const wantsSimulated = argv.includes('--simulated') || options.env?.RDP_DOCTOR_SIMULATED === '1';
  if (platform === 'win32' && !(wantsSimulated && !packaged)) return { kind: 'powershell' };
  const scenario = valueOf(argv, 'scenario') ?? DEFAULT_SCENARIO;
  if (!SCENARIO.test(scenario)) throw new LaunchOptionError('--scenario', 'expected a scenario name such as expired-cert');
  // The simulated PC as a process without administrator rights would see it (Electron e2e, demos).
  const notElevated = argv.includes('--not-elevated');
  const state = valueOf(argv, 'state');
  if (state === undefined)
    return { kind: 'simulated', scenario, stateFile: path.join(dataDir, 'simulated-state.json'), ...(notElevated ? { notElevated } : {}) };
  // eslint-disable-next-line no-control-regex -- path validation: control characters are refused in --state
  if (state.length === 0 || state.length > 1024 || /[\u0000-\u001f]/.test(state)) {
    throw new LaunchOptionError('--state', 'expected a file path without control characters');
  }
  return { kind: 'simulated', scenario, stateFile: path.resolve(state), ...(notElevated ? { notElevated } : {}) };
}

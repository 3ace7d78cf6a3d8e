// `rdp-doctor web [--port N] [--scenario NAME] [--state FILE] [--data-dir DIR] [--open]`: the UI in a browser,
// served on 127.0.0.1 with the same service the Electron window uses. Runs until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createAppService } from '../../app/service';
import { DEFAULT_SCENARIO, defaultHostChoice, type HostChoice } from '../../app/host-choice';
import { readScenarioFile, ScenarioError, SCENARIO_NAME } from '../../hosts/simulated/scenarios';
import { intOption, parse, pathOption } from '../args';
import { assertNotForeignState, dataDir, secureMachineJournal } from '../host-options';
import { startWebServer } from '../../web/server';
import { parseDnsServer, setDnsServer } from '../../probe/dns-servers';
import { CliInputError, EXIT, type CliIO, type Command } from '../io';
import { openBrowser } from '../open-browser';

const USAGE =
  'rdp-doctor web [--port N] [--scenario NAME] [--state FILE] [--data-dir DIR] [--open] [--not-elevated] [--dns-server IP[:PORT]]';

export interface WebArgs {
  port: number;
  scenario: string | null;
  state: string | null;
  dataDir: string | null;
  open: boolean;
  /** Simulation: the app runs without administrator rights (what a technician sees before "Run as administrator"). */
  notElevated: boolean;
  /** The DNS server every name lookup asks, instead of the system's (IP or IP:PORT). */
  dnsServer: string | null;
}

export function parseWebArgs(argv: string[], cwd: string): WebArgs {
  const { values, positionals } = parse(
    argv,
    {
      port: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean' },
      'not-elevated': { type: 'boolean' },
      'dns-server': { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length)
    throw new CliInputError('arguments', `"${positionals[0]!.slice(0, 60)}" is not an option of web. Usage: ${USAGE}`);
  const scenario = values.scenario ?? null;
  if (scenario !== null) {
    if (!SCENARIO_NAME.test(scenario))
      throw new CliInputError('--scenario', `"${scenario.slice(0, 80)}" is not a scenario name (see "rdp-doctor scenarios")`);
    try {
      readScenarioFile(scenario);
    } catch (err) {
      if (err instanceof ScenarioError) throw new CliInputError('--scenario', err.message.replace(/^scenario: /, ''));
      throw err;
    }
  }
  const state = pathOption(values.state, '--state');
  const dir = pathOption(values['data-dir'], '--data-dir');
  return {
    port: intOption(values.port, '--port', 0, 65535) ?? 0,
    scenario,
    state: state ? path.resolve(cwd, state) : null,
    dataDir: dir ? path.resolve(cwd, dir) : null,
    open: values.open ?? false,
    notElevated: values['not-elevated'] ?? false,
    dnsServer: dnsServerOption(values['dns-server']),
  };
}

function dnsServerOption(text: string | undefined): string | null {
  if (text === undefined) return null;
  const server = parseDnsServer(text);
  if (!server)
    throw new CliInputError(
      '--dns-server',
      `"${text.slice(0, 60)}" is not a DNS server address: expected an IP address, optionally with a port (127.0.0.1:5353, [::1]:53)`,
    );
  return server;
}

/**
 * The renderer build sits beside the CLI entry (dist/cli.cjs → dist/renderer), one folder up from this
 * command's own bundle (dist/cli/web.cjs), or under the working directory.
 */
function findStaticDir(cwd: string): string | null {
  const candidates = [
    typeof __dirname === 'string' ? path.join(__dirname, '..', 'renderer') : null,
    typeof __dirname === 'string' ? path.join(__dirname, 'renderer') : null,
    path.join(cwd, 'dist', 'renderer'),
  ].filter((p): p is string => p !== null);
  return candidates.find((p) => existsSync(path.join(p, 'index.html'))) ?? null;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export const webCommand: Command = async (argv: string[], io: CliIO) => {
  const args = parseWebArgs(argv, io.cwd);
  const staticDir = findStaticDir(io.cwd);
  if (!staticDir) {
    io.stderr('rdp-doctor web: the user interface is not built (dist/renderer/index.html is missing); run `npm run build` first\n');
    return EXIT.internal;
  }
  if (args.state) assertNotForeignState(args.state, args.state);
  const dir = args.dataDir ?? dataDir(io);
  // Same rule as the other commands: --scenario or --state means the simulated host; without them, this PC on
  // Windows, and elsewhere the simulated host whose state survives restarts in the data folder.
  const host: HostChoice =
    args.scenario !== null || args.state !== null
      ? { kind: 'simulated', scenario: args.scenario ?? DEFAULT_SCENARIO, stateFile: args.state }
      : defaultHostChoice(dir);
  if (args.notElevated) {
    // Elevation is the process token's on a real PC: only the simulated one can be told to run without it.
    if (host.kind !== 'simulated')
      throw new CliInputError(
        '--not-elevated',
        'applies only to the simulated host; on Windows start RDP Doctor without "Run as administrator"',
      );
    host.notElevated = true;
  }

  if (args.dnsServer) setDnsServer(args.dnsServer);
  // This PC: the machine journal every entry point shares, secured and verified first; never a folder of choice.
  const serviceDir = host.kind === 'powershell' ? await secureMachineJournal(io) : dir;
  const service = await createAppService({ host, dataDir: serviceDir });
  let server;
  try {
    server = await startWebServer({ service, port: args.port, host: '127.0.0.1', staticDir });
  } catch (error) {
    await service.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliInputError('--port', `${args.port} is already in use; pick another or use --port 0`);
    throw error;
  }
  io.stdout(`RDP Doctor is running at ${server.url}\n`);
  io.stdout('Open that address in a browser on this computer (it includes a one-time key). Press Ctrl+C to stop.\n');
  if (args.open) openBrowser(server.url);

  await waitForSignal();
  await server.close();
  await service.close();
  io.stderr('rdp-doctor web: stopped\n');
  return EXIT.ok;
};

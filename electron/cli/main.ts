// rdp-doctor: the command-line interface over the same engine the app uses.
import { APP_VERSION } from '../app/version';
import { systemRootRefusal } from '../hosts/powershell/executable';
import { EXIT, isCliInputError, writerTo, type CliIO, type Command } from './io';
import { terminalSafe, terminalSafeStderr } from './terminal-safe';

const COMMANDS: Record<string, () => Promise<Command>> = {
  diagnose: async () => (await import('./commands/diagnose')).diagnoseCommand,
  explain: async () => (await import('./commands/explain')).explainCommand,
  fix: async () => (await import('./commands/fix')).fixCommand,
  rollback: async () => (await import('./commands/rollback')).rollbackCommand,
  journal: async () => (await import('./commands/journal')).journalCommand,
  scenarios: async () => (await import('./commands/scenarios')).scenariosCommand,
  probe: async () => (await import('./commands/probe')).probeCommand,
  scan: async () => (await import('./commands/scan')).scanCommand,
  fleet: async () => (await import('./commands/fleet')).fleetCommand,
  web: async () => (await import('./commands/web')).webCommand,
  capture: async () => (await import('./commands/capture')).captureCommand,
};

const HELP = `RDP Doctor ${APP_VERSION}: diagnose and fix Remote Desktop error 0x904 / extended 0x7.

Usage:
  rdp-doctor explain CODE [EXTENDED] [--json]          e.g. explain 0x904 0x7
  rdp-doctor diagnose [--target HOST[:PORT]] [--error CODE[/EXTENDED]] [--user DOMAIN\\NAME] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json]
  rdp-doctor fix CHECK_ID [--fix FIX_ID] [--session ID] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json]
  rdp-doctor rollback (ENTRY_ID | --last) [--state FILE] [--json]
  rdp-doctor journal [--state FILE] [--json]
  rdp-doctor scenarios [--json]
  rdp-doctor probe HOST[:PORT] [--timeout MS] [--json]
  rdp-doctor scan FILE [--concurrency N] [--timeout MS] [--json]
  rdp-doctor fleet FILE [--concurrency N] [--json] [--report FILE] [--https] [--no-probe] [--simulate]
  rdp-doctor web [--port N] [--scenario NAME] [--state FILE]
  rdp-doctor capture [--out FILE] [--redact] [--json]    (Windows: record every read-only script's output)

diagnose --user DOMAIN\\NAME (or name@domain): the account that connects; host.user-rights resolves it to its
SID on the host and judges it by the groups in its token (nested and domain groups).

fix --session ID: the disconnected session host.session-limits logs off (its "Sessions in use"; default:
the one disconnected longest, when the host reports disconnect times; otherwise --session is required).

Reach another host: diagnose, fix, rollback and journal take --remote COMPUTER [--credential USER] [--https]
(PowerShell Remoting) or --azure-vm RESOURCE_ID (Azure Run Command); --simulate (or any OS but Windows)
puts --remote NAME on a simulated host running --scenario.

Exit codes: 0 all pass, 1 problems found, 2 bad input or a conflict (another RDP Doctor holds the lock), 3 internal error.
With --json, stdout holds exactly one JSON document on every exit; on an error it is
{"error":{"code","message","field"}}. fix and rollback wait for another rdp-doctor changing the same --state.
On Windows the host is this PC (through PowerShell); elsewhere, or with --scenario/--state, a simulated host.
`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // Asked for: the help is the output. Not asked for (no command): it explains a usage error, on stderr.
    (name ? io.stdout : io.stderr)(HELP);
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === '--version') {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const json = rest.includes('--json');
  // With --json, stdout carries exactly one JSON document on every exit: the command's, or an error document
  // {"error":{"code","message","field"?}} when the command ends without one. Messages still go to stderr.
  let wroteStdout = false;
  const said: string[] = [];
  // Text output passes through terminalSafe: it carries values from hosts and peers. --json is JSON.stringify's.
  const tracked: CliIO = {
    ...io,
    stdout: (t) => {
      wroteStdout = true;
      io.stdout(json ? t : terminalSafe(t));
    },
    stderr: (t) => {
      const safe = terminalSafeStderr(t);
      if (!/^warning: /.test(safe)) said.push(safe);
      io.stderr(safe);
    },
  };
  const fail = (code: number, error: { code: string; message: string; field?: string }) => {
    if (json && !wroteStdout) io.stdout(JSON.stringify({ error }) + '\n');
    return code;
  };
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const message = `command: "${name.slice(0, 60)}" is not a command. Run "rdp-doctor --help".`;
    io.stderr(terminalSafe(`${message}\n`));
    return fail(EXIT.badInput, { code: 'bad-input', message, field: 'command' });
  }
  // On Windows a command may start Windows programs as administrator: never from a SystemRoot Windows disowns.
  const refusal = process.platform === 'win32' ? systemRootRefusal(io.env) : undefined;
  if (refusal) {
    io.stderr(`${refusal}\n`);
    return fail(EXIT.badInput, { code: 'bad-input', message: refusal, field: 'SystemRoot' });
  }
  try {
    const code = await (await load())(rest, tracked);
    if (code === EXIT.ok || wroteStdout) return code;
    const message = said.join('').trim() || 'the command found a problem';
    return fail(code, { code: code === EXIT.badInput ? 'bad-input' : code === EXIT.internal ? 'internal' : 'problem', message });
  } catch (err) {
    if (isCliInputError(err)) {
      io.stderr(terminalSafe(`${err.message}\n`));
      return fail(EXIT.badInput, { code: err.code === 'conflict' ? 'conflict' : 'bad-input', message: err.message, field: err.field });
    }
    // The message is for the technician; the stack is for a bug report, on request.
    const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
    const stack = io.env.RDP_DOCTOR_DEBUG === '1' && err instanceof Error && err.stack ? `\n${err.stack}` : '';
    io.stderr(terminalSafe(`${message}${stack}\n${stack ? '' : 'Run again with RDP_DOCTOR_DEBUG=1 to see where it happened.\n'}`));
    return fail(EXIT.internal, { code: 'internal', message });
  }
}

export function registerCommand(name: string, load: () => Promise<Command>): void {
  COMMANDS[name] = load;
}

/** Entry used by bin/rdp-doctor.cjs: wires the process's streams and sets the exit code. */
export function main(argv = process.argv.slice(2)): Promise<void> {
  const io: CliIO = {
    stdout: writerTo(process.stdout),
    stderr: writerTo(process.stderr),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  return runCli(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`internal error: ${String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

// Runs `rdp-doctor web` for the e2e suite while the CLI's main does not list it yet; the same command code.
import { webCommand } from '../../electron/cli/commands/web';
import { CliInputError, EXIT } from '../../electron/cli/io';

webCommand(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof CliInputError ? EXIT.badInput : EXIT.internal);
  },
);

// What every CLI command gets and returns. Exit codes are the contract of issue 2:
// 0 all pass, 1 problems found, 2 bad input (message names the field), 3 internal error.
export const EXIT = { ok: 0, problems: 1, badInput: 2, internal: 3 } as const;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal, so progress lines may be redrawn in place. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;

/**
 * Bad input: exit 2, and the message names the field and the expected form. code 'conflict' (same exit code): the
 * input is fine but another RDP Doctor process holds the host; `--json` says which, as shared/contract.ts does.
 */
export class CliInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: 'bad-input' | 'conflict' = 'bad-input',
  ) {
    super(message.startsWith(field) ? message : `${field}: ${message}`);
    this.name = 'CliInputError';
  }
}

/**
 * True for a CliInputError from any bundle: each command is bundled into its own file (scripts/build-node.mjs),
 * so a command's CliInputError is not the class main.ts sees, and instanceof would miss it.
 */
export function isCliInputError(err: unknown): err is CliInputError {
  return err instanceof Error && err.name === 'CliInputError' && typeof (err as { field?: unknown }).field === 'string';
}

/**
 * A writer for a standard stream whose reader may go away (`rdp-doctor diagnose | head -1`): once the pipe is
 * closed (EPIPE), further output is dropped instead of crashing with an unhandled 'error' event, so the command
 * finishes what it started (a fix, the lock's release) and exits with its own code.
 */
export function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  // Any write error means nobody reads this stream any more; there is nowhere left to report it.
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

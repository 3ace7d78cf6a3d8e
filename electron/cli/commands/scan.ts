// rdp-doctor scan FILE [--concurrency N] [--timeout MS] [--json]: the probe over many targets, one per line
// (or CSV, target in the first column), through a bounded pool, with a progress line on stderr.
import path from 'node:path';
import { parseTarget, type Target } from '../../../shared/target';
import { formatScan } from '../../probe/format';
import { parseScanFile, scanTargets } from '../../probe';
import { intOption, parse, pathOption } from '../args';
import { CliInputError, EXIT, type Command } from '../io';
import { readUserTextFile, UserFileError } from '../../util/text-file';
import { TIMEOUT_MAX_MS, TIMEOUT_MIN_MS } from './probe';

const USAGE = 'rdp-doctor scan FILE [--concurrency N] [--timeout MS] [--json]';
const MAX_TARGETS = 5000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

async function readTargets(file: string, label: string): Promise<Target[]> {
  let content: string;
  try {
    content = await readUserTextFile(file, label, MAX_FILE_BYTES);
  } catch (err) {
    throw err instanceof UserFileError ? new CliInputError('FILE', err.message) : err;
  }
  const lines = parseScanFile(content);
  if (lines.length === 0)
    throw new CliInputError(
      'FILE',
      `"${label}" lists no targets (one host[:port] per line, or CSV: host and port columns, or a header row naming them)`,
    );
  if (lines.length > MAX_TARGETS)
    throw new CliInputError('FILE', `"${label}" lists ${lines.length} targets; at most ${MAX_TARGETS} per scan`);
  return lines.map(({ line, text, error }) => {
    if (error !== undefined) throw new CliInputError(`${label} line ${line}`, error);
    const parsed = parseTarget(text, `${label} line ${line}`);
    if (!parsed.ok) throw new CliInputError(`${label} line ${line}`, parsed.error);
    return parsed.target;
  });
}

export const scanCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    { concurrency: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length === 0) throw new CliInputError('FILE', `missing; expected a file with one target per line. Usage: ${USAGE}`);
  if (positionals.length > 1) throw new CliInputError('arguments', `unexpected "${positionals[1]!.slice(0, 60)}". Usage: ${USAGE}`);
  const label = pathOption(positionals[0], 'FILE')!;
  const concurrency = intOption(values.concurrency, '--concurrency', 1, 256);
  const timeoutMs = intOption(values.timeout, '--timeout', TIMEOUT_MIN_MS, TIMEOUT_MAX_MS);
  const targets = await readTargets(path.resolve(io.cwd, label), label);

  let lastShown = 0;
  let problems = 0;
  const rows = await scanTargets(targets, {
    concurrency,
    timeoutMs,
    onProgress: ({ done, total, row }) => {
      if (row.status !== 'pass' && row.status !== 'skipped') problems++;
      const line = `scan: ${done}/${total} probed, ${problems} with problems`;
      if (io.isTTY) io.stderr(`\r${line}${done === total ? '\n' : ''}`);
      else if (done === total || Date.now() - lastShown >= 1000) {
        lastShown = Date.now();
        io.stderr(`${line}\n`);
      }
    },
  });
  io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatScan(rows));
  return rows.some((r) => r.status !== 'pass' && r.status !== 'skipped') ? EXIT.problems : EXIT.ok;
};

// rdp-doctor probe HOST[:PORT] [--timeout MS] [--json]: the handshake probe alone, layer by layer.
import { parseTarget } from '../../../shared/target';
import { formatReport } from '../../probe/format';
import { runProbe } from '../../probe';
import { intOption, parse } from '../args';
import { CliInputError, EXIT, type Command } from '../io';

const USAGE = 'rdp-doctor probe HOST[:PORT] [--timeout MS] [--json]';

/** The same bounds as the app's probe:run channel. */
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 60_000;

export const probeCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { timeout: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (positionals.length === 0)
    throw new CliInputError('target', `missing; expected a host name or IP address, optionally with :port. Usage: ${USAGE}`);
  if (positionals.length > 1) throw new CliInputError('arguments', `unexpected "${positionals[1]!.slice(0, 60)}". Usage: ${USAGE}`);
  const parsed = parseTarget(positionals[0], 'target');
  if (!parsed.ok) throw new CliInputError('target', parsed.error);
  const timeoutMs = intOption(values.timeout, '--timeout', TIMEOUT_MIN_MS, TIMEOUT_MAX_MS);
  const report = await runProbe(parsed.target, { timeoutMs });
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.findings.some((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error') ? EXIT.problems : EXIT.ok;
};

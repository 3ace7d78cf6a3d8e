// rdp-doctor explain CODE [EXTENDED] [--json]: what Remote Desktop Connection's error numbers mean and which
// checks can explain them, in the order to run them. Loads no engine: it answers from the shared table.
import { decodeError, parseCodeNumber, type DecodedError } from '../../../shared/error-codes';
import { parse } from '../args';
import { CliInputError, EXIT, type Command } from '../io';

const USAGE = 'rdp-doctor explain CODE [EXTENDED] [--json]   e.g. rdp-doctor explain 0x904 0x7';

function number(text: string | undefined, field: 'code' | 'extended'): number | null {
  if (text === undefined) return null;
  const parsed = parseCodeNumber(text, field);
  if (!parsed.ok) throw new CliInputError(field, parsed.error);
  return parsed.value;
}

function formatText(e: DecodedError): string {
  const lines = [`Error code ${e.code} (${e.codeName}): ${e.meaning}`];
  if (e.extended !== null) lines.push(`Extended error code ${e.extended} (${e.extendedName}): ${e.extendedMeaning}`);
  if (e.stage === 'after-handshake')
    lines.push('The remote PC answered before it refused: look at the host side first, not at DNS or the network.');
  lines.push('');
  if (e.checks.length === 0) lines.push('No check applies: this is not a fault RDP Doctor can find.');
  else lines.push('Checks that can explain it, in this order:', ...e.checks.map((c, i) => `  ${i + 1}. ${c}`));
  lines.push('', 'Run them: rdp-doctor diagnose --error ' + (e.extended === null ? e.code : `${e.code}/${e.extended}`));
  return lines.join('\n') + '\n';
}

export const explainCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length === 0) throw new CliInputError('code', `the error code is missing. Usage: ${USAGE}`);
  if (positionals.length > 2) throw new CliInputError('arguments', `unexpected "${positionals[2]!.slice(0, 60)}". Usage: ${USAGE}`);
  // "0x904/0x7" as one argument, as the start screen and --error accept it.
  const [first, second] = positionals.length === 1 && /[/,]/.test(positionals[0]!) ? positionals[0]!.split(/[/,]/) : positionals;
  const code = number(first, 'code');
  const extended = number(second, 'extended');
  const result = decodeError(code!, extended);
  if (!result.ok) throw new CliInputError(result.field, result.error);
  const e = result.decoded;
  if (values.json) {
    io.stdout(
      JSON.stringify({ code: e.code, extended: e.extended, meaning: e.meaning, extendedMeaning: e.extendedMeaning, checks: e.checks }) +
        '\n',
    );
  } else io.stdout(formatText(e));
  return EXIT.ok;
};

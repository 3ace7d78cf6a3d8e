// rdp-doctor scenarios [--json]
import { listScenarios } from '../../hosts/simulated/scenarios';
import { parse } from '../args';
import { EXIT, type Command } from '../io';

export const scenariosCommand: Command = async (argv, io) => {
  const { values } = parse(argv, { json: { type: 'boolean' } }, 'rdp-doctor scenarios [--json]');
  const list = listScenarios();
  if (values.json) io.stdout(JSON.stringify({ scenarios: list }) + '\n');
  else io.stdout(list.map((s) => `${s.name.padEnd(28)} ${s.summary}`).join('\n') + '\n');
  return EXIT.ok;
};

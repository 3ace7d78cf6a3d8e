// A fleet file: one host per line. `NAME` or `NAME,azure:RESOURCE_ID` (an Azure VM reached by Run Command),
// then options in any order: `https` or `http` and/or `port=5986|5985` (this host's WinRM listener; the CLI's
// --https is the default for the lines that say neither), `scenario=ID` (in simulation: which scenario that
// simulated host runs). `#` starts a comment.
import { COMPUTER_NAME } from '../open-remote';
import { AZURE_VM_ID } from '../azure/resource-id';
import { readScenarioFile, ScenarioError } from '../../hosts/simulated/scenarios';

export interface FleetLine {
  line: number;
  name: string;
  azureVm: string | null;
  scenario: string | null;
  /** WinRM over HTTPS (5986) or HTTP (5985) for this host; null: the fleet's default (--https). */
  https: boolean | null;
}

export class FleetFileError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const SCENARIO = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_FLEET_HOSTS = 5000;

const OPTIONS_FORM = 'https, http, port=5986, port=5985 or scenario=ID';

/** The options after a line's host: each at most once, and https/http agreeing with the port. */
function lineOptions(text: string, field: string, azure: boolean): { scenario: string | undefined; https: boolean | null } {
  let scenario: string | undefined;
  let https: boolean | null = null;
  let port: number | null = null;
  for (const token of text ? text.split(/\s+/) : []) {
    const lower = token.toLowerCase();
    if (lower === 'https' || lower === 'http') {
      if (https !== null) throw new FleetFileError(field, `"${token}": say https or http once`);
      https = lower === 'https';
    } else if (lower.startsWith('port=')) {
      if (port !== null) throw new FleetFileError(field, `"${token.slice(0, 40)}": one port per line`);
      port = Number(token.slice(5));
      if (port !== 5985 && port !== 5986)
        throw new FleetFileError(field, `"${token.slice(0, 40)}" is not a WinRM port: port=5985 (HTTP) or port=5986 (HTTPS)`);
    } else if (lower.startsWith('scenario=') && scenario === undefined) {
      scenario = token.slice(9);
      if (!SCENARIO.test(scenario)) throw new FleetFileError(field, `scenario "${scenario.slice(0, 60)}" is not a scenario name`);
    } else throw new FleetFileError(field, `"${token.slice(0, 60)}" is not an option (${OPTIONS_FORM})`);
  }
  if (port !== null) {
    if (https !== null && https !== (port === 5986))
      throw new FleetFileError(field, `${https ? 'https' : 'http'} with port=${port}: HTTPS is port=5986, HTTP is port=5985`);
    https = port === 5986;
  }
  if (azure && https !== null)
    throw new FleetFileError(field, 'https/http/port apply to WinRM hosts; an azure: line goes through Run Command');
  return { scenario, https };
}

export function parseFleetFile(content: string, label: string): FleetLine[] {
  const out: FleetLine[] = [];
  const seen = new Set<string>();
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const text = raw.replace(/#.*$/, '').trim();
      if (!text) return;
      const field = `${label} line ${i + 1}`;
      const m = /^([^\s,]+)(?:\s*,\s*azure:(\S+))?((?:\s+\S+)*)$/.exec(text);
      if (!m) throw new FleetFileError(field, `"${text.slice(0, 80)}" is not NAME or NAME,azure:RESOURCE_ID, then options`);
      const [, name, azure] = m;
      const { scenario, https } = lineOptions(m[3]!.trim(), field, azure !== undefined);
      // A scenario the file names that does not exist is the user's typo: bad input on its line, before any host runs.
      if (scenario !== undefined) {
        try {
          readScenarioFile(scenario);
        } catch (err) {
          if (err instanceof ScenarioError) throw new FleetFileError(field, err.message.replace(/^scenario: /, 'scenario '));
          throw err;
        }
      }
      if (!COMPUTER_NAME.test(name!))
        throw new FleetFileError(field, `"${name!.slice(0, 60)}" is not a computer name (letters, digits, hyphens and dots)`);
      if (azure !== undefined && !AZURE_VM_ID.test(azure)) {
        throw new FleetFileError(
          field,
          `"${azure.slice(0, 80)}" is not a VM resource id (/subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)`,
        );
      }
      if (seen.has(name!.toLowerCase())) throw new FleetFileError(field, `${name} is listed twice`);
      seen.add(name!.toLowerCase());
      out.push({ line: i + 1, name: name!, azureVm: azure ?? null, scenario: scenario ?? null, https });
    });
  if (out.length === 0) throw new FleetFileError(label, 'lists no hosts (one NAME per line)');
  if (out.length > MAX_FLEET_HOSTS) throw new FleetFileError(label, `lists ${out.length} hosts; at most ${MAX_FLEET_HOSTS}`);
  return out;
}

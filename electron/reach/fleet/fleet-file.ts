// A fleet file: one host per line. `NAME`, `NAME,azure:RESOURCE_ID` (an Azure VM reached by Run Command), or
// `NAME scenario=ID` (in simulation: which scenario that simulated host runs). `#` starts a comment.
import { COMPUTER_NAME } from '../open-remote';
import { AZURE_VM_ID } from '../azure/resource-id';

export interface FleetLine {
  line: number;
  name: string;
  azureVm: string | null;
  scenario: string | null;
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
      const m = /^([^\s,]+)(?:\s*,\s*azure:(\S+))?(?:\s+scenario=(\S+))?$/.exec(text);
      if (!m) throw new FleetFileError(field, `"${text.slice(0, 80)}" is not NAME, NAME,azure:RESOURCE_ID or NAME scenario=ID`);
      const [, name, azure, scenario] = m;
      if (!COMPUTER_NAME.test(name!))
        throw new FleetFileError(field, `"${name!.slice(0, 60)}" is not a computer name (letters, digits, hyphens and dots)`);
      if (azure !== undefined && !AZURE_VM_ID.test(azure)) {
        throw new FleetFileError(
          field,
          `"${azure.slice(0, 80)}" is not a VM resource id (/subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)`,
        );
      }
      if (scenario !== undefined && !SCENARIO.test(scenario))
        throw new FleetFileError(field, `scenario "${scenario.slice(0, 60)}" is not a scenario name`);
      if (seen.has(name!.toLowerCase())) throw new FleetFileError(field, `${name} is listed twice`);
      seen.add(name!.toLowerCase());
      out.push({ line: i + 1, name: name!, azureVm: azure ?? null, scenario: scenario ?? null });
    });
  if (out.length === 0) throw new FleetFileError(label, 'lists no hosts (one NAME per line)');
  if (out.length > MAX_FLEET_HOSTS) throw new FleetFileError(label, `lists ${out.length} hosts; at most ${MAX_FLEET_HOSTS}`);
  return out;
}

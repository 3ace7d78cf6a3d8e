// Which host the app talks to: Windows through PowerShell, anything else through the simulated host.
import path from 'node:path';
import type { HostAdapter } from '../hosts/host-adapter';
import { PowerShellHost } from '../hosts/powershell/powershell-host';
import { SimulatedHost } from '../hosts/simulated/simulated-host';

export type HostChoice =
  | {
      kind: 'simulated';
      scenario: string;
      stateFile?: string | null;
      /** The app runs without elevation on the simulated PC (`rdp-doctor web --not-elevated`). */
      notElevated?: boolean;
    }
  | { kind: 'powershell' };

export const DEFAULT_SCENARIO = 'healthy';

/** The embedded default: PowerShell on Windows, the simulated host (scenario picker) elsewhere. */
export function defaultHostChoice(dataDir: string, platform = process.platform): HostChoice {
  if (platform === 'win32' && process.env.RDP_DOCTOR_SIMULATED !== '1') return { kind: 'powershell' };
  return { kind: 'simulated', scenario: DEFAULT_SCENARIO, stateFile: path.join(dataDir, 'simulated-state.json') };
}

export function openHost(choice: HostChoice): HostAdapter {
  if (choice.kind === 'powershell') return new PowerShellHost();
  return SimulatedHost.open({ scenario: choice.scenario, stateFile: choice.stateFile ?? null, notElevated: choice.notElevated ?? false });
}

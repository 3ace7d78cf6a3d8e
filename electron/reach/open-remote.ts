// --remote / --credential / --https / --azure-vm / --simulate for diagnose, fix, rollback and journal: opens the
// host through its management path (preflight first, each failure named) and its journal on this PC.
import path from 'node:path';
import { Journal } from '../engine/journal';
import type { HostAdapter } from '../hosts/host-adapter';
import { PowerShellHost } from '../hosts/powershell/powershell-host';
import { SimulatedHost } from '../hosts/simulated/simulated-host';
import { readScenarioFile, ScenarioError, SCENARIO_NAME } from '../hosts/simulated/scenarios';
import { ensurePosixJournalFolder } from '../util/private-folder';
import { remoteJournalDir, type HostIdentity } from './identity';
import { adoptLegacyJournal } from './legacy-journal';
import { RemoteHost } from './remote-host';
import { SimulatedLink } from './simulated/sim-link';
import type { PreflightStep, RemotingTransport } from './transport';
import { interactiveShellFactory } from './winrm/shell';
import { WinrmClientOutput } from './winrm/client-trust';
import { WinrmTransport } from './winrm/winrm-transport';

export const REACH_OPTIONS = {
  remote: { type: 'string' },
  credential: { type: 'string' },
  https: { type: 'boolean' },
  'azure-vm': { type: 'string' },
  simulate: { type: 'boolean' },
} as const;

export interface ReachValues {
  remote?: string;
  credential?: string;
  https?: boolean;
  'azure-vm'?: string;
  simulate?: boolean;
  scenario?: string;
  state?: string;
}

export class ReachInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

import { COMPUTER_NAME, USER_NAME } from '../../shared/reach';
export { COMPUTER_NAME };

export function validateReach(values: ReachValues): void {
  if (values.remote !== undefined && !COMPUTER_NAME.test(values.remote)) {
    throw new ReachInputError(
      '--remote',
      `"${values.remote.slice(0, 60)}" is not a computer name (letters, digits, hyphens and dots, such as pc-042 or pc-042.corp.example)`,
    );
  }
  if (values.credential !== undefined && !USER_NAME.test(values.credential)) {
    throw new ReachInputError(
      '--credential',
      `"${values.credential.slice(0, 60)}" is not a user name (DOMAIN\\user or user@domain; the password is asked by Windows, never on the command line)`,
    );
  }
  if ((values.credential !== undefined || values.https) && values.remote === undefined) {
    throw new ReachInputError(values.https ? '--https' : '--credential', 'only goes with --remote COMPUTER');
  }
  if (values['azure-vm'] !== undefined && values.remote !== undefined)
    throw new ReachInputError('--azure-vm', 'give either --remote or --azure-vm, not both');
}

export function simulating(values: ReachValues, env: NodeJS.ProcessEnv): boolean {
  return Boolean(values.simulate) || process.platform !== 'win32' || env.RDP_DOCTOR_SIMULATED === '1';
}

export interface OpenedRemote {
  host: RemoteHost;
  /** The helpdesk PC, where the client-side checks run. */
  local: HostAdapter;
  journal: Journal;
  preflight: PreflightStep[];
  simulatedScenario: string | null;
  close(): Promise<void>;
}

function checkedScenario(name: string | undefined): string {
  const scenario = name ?? 'healthy';
  if (!SCENARIO_NAME.test(scenario)) throw new ReachInputError('--scenario', `"${scenario.slice(0, 60)}" is not a scenario name`);
  try {
    readScenarioFile(scenario);
  } catch (err) {
    if (err instanceof ScenarioError) throw new ReachInputError('--scenario', err.message.replace(/^scenario: /, ''));
    throw err;
  }
  return scenario;
}

function simulatedTransport(values: ReachValues, env: NodeJS.ProcessEnv, cwd: string): { transport: RemotingTransport; scenario: string } {
  const scenario = checkedScenario(values.scenario);
  const latency = Number(env.RDP_DOCTOR_SIM_LATENCY_MS ?? 20);
  const link = new SimulatedLink(Number.isFinite(latency) && latency >= 0 ? latency : 20);
  const stateFile = values.state ? path.resolve(cwd, values.state) : null;
  link.add({ name: values.remote!, scenario, stateFile });
  return { transport: link.transport(values.remote!, { https: values.https, user: values.credential ?? null }), scenario };
}

/** Opens the remote host, or returns null when no remote flag was given. Throws ManagementPathError when unreachable. */
export async function openRemoteIfAsked(
  values: ReachValues,
  ctx: { env: NodeJS.ProcessEnv; cwd: string; dataDir: string },
): Promise<OpenedRemote | null> {
  validateReach(values);
  if (values['azure-vm'] !== undefined) {
    if (simulating(values, ctx.env)) {
      const { simulatedAzureTransport } = await import('./azure/open-azure');
      const scenario = checkedScenario(values.scenario);
      return finish(
        simulatedAzureTransport(values['azure-vm'], scenario, values.state ? path.resolve(ctx.cwd, values.state) : null),
        scenario,
        ctx.dataDir,
        values,
      );
    }
    const { openAzureTransport } = await import('./azure/open-azure');
    return finish(await openAzureTransport(values['azure-vm'], values, ctx), null, ctx.dataDir, values);
  }
  if (values.remote === undefined) return null;
  if (simulating(values, ctx.env)) {
    const { transport, scenario } = simulatedTransport(values, ctx.env, ctx.cwd);
    return finish(transport, scenario, ctx.dataDir, values);
  }
  // This PC's PowerShell reads its own WinRM client settings for the preflight, then runs the client checks.
  const thisPc = new PowerShellHost();
  const transport = new WinrmTransport({
    computer: values.remote,
    https: Boolean(values.https),
    user: values.credential ?? null,
    shell: interactiveShellFactory,
    clientSettings: (includeRoots) => thisPc.run('ops/winrm-client', { includeRoots }, WinrmClientOutput),
  });
  return finish(transport, null, ctx.dataDir, values, thisPc);
}

/**
 * The remote host's journal on this PC, inside the protected journal folder every entry point uses, keyed by
 * the host's identity. Windows: the entry points secure the machine folder first and this one inherits its
 * DACL; elsewhere every folder from the journal down is created 0700 and refused when unsafe, like the local one.
 */
function openRemoteJournal(dataDir: string, id: HostIdentity): Journal {
  const dir = remoteJournalDir(dataDir, id);
  if (process.platform !== 'win32') for (const d of [path.dirname(path.dirname(dir)), path.dirname(dir)]) ensurePosixJournalFolder(d);
  adoptLegacyJournal(dataDir, id);
  return new Journal(dir);
}

async function finish(
  transport: RemotingTransport,
  scenario: string | null,
  dataDir: string,
  values: ReachValues,
  thisPc?: HostAdapter,
): Promise<OpenedRemote> {
  const preflight = await transport.preflight().catch(async (err: unknown) => {
    await thisPc?.close();
    throw err;
  });
  const host = new RemoteHost(transport);
  await host.info();
  const local: HostAdapter =
    thisPc ?? (scenario !== null || values.simulate ? SimulatedHost.open({ scenario: 'healthy' }) : new PowerShellHost());
  const journal = openRemoteJournal(dataDir, host.identity!);
  return {
    host,
    local,
    journal,
    preflight,
    simulatedScenario: scenario,
    async close() {
      await Promise.allSettled([host.close(), local.close()]);
    },
  };
}

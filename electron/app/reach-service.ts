// The app service's side of reaching another host and of the fleet (contract channels host:connect and
// fleet:run), kept apart from service.ts so that file only swaps its host slot.
import type { HostConnect } from '../../shared/reach';
import type { FleetRow } from '../../shared/reach';
import { Journal } from '../engine/journal';
import type { HostAdapter } from '../hosts/host-adapter';
import { FleetFileError, parseFleetFile } from '../reach/fleet/fleet-file';
import { openFleetReach } from '../reach/fleet/fleet-reach';
import { runFleet } from '../reach/fleet/run-fleet';
import { openRemoteIfAsked, ReachInputError } from '../reach/open-remote';
import { ManagementPathError } from '../reach/transport';
import { ServiceError } from './errors';

export interface ReachContext {
  dataDir: string;
  /** The app runs on the simulated host: a remote name is then a simulated host running `scenario`. */
  simulated: boolean;
  scenario: string | null;
  /** Simulation: the scenario each host of the last fleet run had, so opening one from the fleet opens that host. */
  fleetScenarios?: Map<string, string>;
}

/** Opens the remote host the technician picked; null for "this PC". Unreachable: a conflict naming the path and the fix. */
export async function connectRemote(args: HostConnect, ctx: ReachContext): Promise<{ host: HostAdapter; journal: Journal } | null> {
  if (args.kind === 'this-pc') return null;
  try {
    const opened = await openRemoteIfAsked(
      args.kind === 'winrm'
        ? {
            remote: args.computer ?? undefined,
            credential: args.user ?? undefined,
            https: args.https,
            simulate: ctx.simulated,
            scenario: ctx.fleetScenarios?.get((args.computer ?? '').toLowerCase()) ?? ctx.scenario ?? undefined,
          }
        : {
            'azure-vm': args.resourceId ?? undefined,
            simulate: ctx.simulated,
            scenario: ctx.fleetScenarios?.get((args.resourceId ?? '').toLowerCase()) ?? ctx.scenario ?? undefined,
          },
      { env: process.env, cwd: process.cwd(), dataDir: ctx.dataDir },
    );
    if (!opened) return null;
    // The client checks keep running on the app's own host; the opener's spare one is not needed.
    await opened.local.close();
    return { host: opened.host, journal: opened.journal };
  } catch (err) {
    const field = args.kind === 'azure' ? 'resourceId' : 'computer';
    if (err instanceof ManagementPathError) throw new ServiceError('conflict', `${field}: ${err.message}`, field);
    if (err instanceof ReachInputError) throw new ServiceError('bad-input', err.message, field);
    throw err;
  }
}

export async function runFleetText(text: string, concurrency: number | undefined, ctx: ReachContext): Promise<{ hosts: FleetRow[] }> {
  let lines;
  try {
    lines = parseFleetFile(text, 'text');
  } catch (err) {
    if (err instanceof FleetFileError) throw new ServiceError('bad-input', err.message, err.field);
    throw err;
  }
  if (ctx.simulated && ctx.fleetScenarios) {
    ctx.fleetScenarios.clear();
    for (const l of lines) {
      const scenario = l.scenario ?? 'healthy';
      ctx.fleetScenarios.set(l.name.toLowerCase(), scenario);
      if (l.azureVm) ctx.fleetScenarios.set(l.azureVm.toLowerCase(), scenario);
    }
  }
  // The same checks as `rdp-doctor fleet`: host checks through the management path plus the client probe of each
  // (in simulation against each simulated host's own loopback responder).
  const reach = openFleetReach(lines, { simulate: ctx.simulated, https: false, probe: true, env: process.env });
  try {
    return { hosts: await runFleet(lines, reach, { concurrency: concurrency ?? 32 }) };
  } finally {
    await reach.close();
  }
}

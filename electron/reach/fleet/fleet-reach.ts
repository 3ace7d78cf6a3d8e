// Which transport each fleet line goes through: in simulation one simulated WinRM link holds every host (its
// scenario from the line, healthy by default); on Windows the WinRM fan-out (fleet-winrm.ts) or, for
// `azure:` lines, Run Command.
import type { HostAdapter } from '../../hosts/host-adapter';
import { PowerShellHost } from '../../hosts/powershell/powershell-host';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { simulating } from '../open-remote';
import { SimulatedLink } from '../simulated/sim-link';
import { SimulatedRdpNetwork } from '../simulated/rdp-responder';
import type { FleetReach } from './run-fleet';
import { fanOutKey, WinrmFanOut } from './fleet-winrm';
import { FleetFileError, type FleetLine } from './fleet-file';
import { azureCredential, simulatedAzureTransport } from '../azure/open-azure';
import { RunCommandTransport } from '../azure/run-command-transport';
import type { RemotingTransport } from '../transport';
import { WinrmClientOutput } from '../winrm/client-trust';

export interface OpenedFleetReach extends FleetReach {
  notes: string[];
  /** Simulation: the link, whose round trips the benchmark counts. */
  link?: SimulatedLink;
  close(): Promise<void>;
}

/** Each host of a fan-out picks its calls by its NetBIOS name: two names that share one would get each other's. */
export function checkFanOutNames(lines: FleetLine[]): void {
  const seen = new Map<string, FleetLine>();
  for (const l of lines.filter((x) => !x.azureVm)) {
    const other = seen.get(fanOutKey(l.name));
    if (other)
      throw new FleetFileError(
        `FILE line ${l.line}`,
        `${l.name} and ${other.name} (line ${other.line}) share the computer name ${fanOutKey(l.name).toUpperCase()}; list each computer once`,
      );
    seen.set(fanOutKey(l.name), l);
  }
}

export function openFleetReach(
  lines: FleetLine[],
  options: { simulate: boolean; https: boolean; probe: boolean; env: NodeJS.ProcessEnv; latencyMs?: number },
): OpenedFleetReach {
  if (simulating({ simulate: options.simulate }, options.env)) {
    const latency = options.latencyMs ?? Number(options.env.RDP_DOCTOR_SIM_LATENCY_MS ?? 20);
    const link = new SimulatedLink(Number.isFinite(latency) && latency >= 0 ? latency : 20);
    for (const l of lines) link.add({ name: l.name, scenario: l.scenario ?? 'healthy' });
    const local: HostAdapter = SimulatedHost.open({ scenario: 'healthy' });
    // Simulated names exist on no network: each host's RDP side answers on a loopback port of its own.
    const network = options.probe ? new SimulatedRdpNetwork({ hostOf: (name) => link.host(name) }) : null;
    return {
      local,
      probe: options.probe,
      resolver: network?.resolve,
      link,
      notes: options.probe ? ['simulation: the client probe reaches each simulated host on its own 127.0.0.1 port'] : [],
      transportFor: (line) =>
        line.azureVm
          ? simulatedAzureTransport(line.azureVm, line.scenario ?? 'healthy', null)
          : link.transport(line.name, { https: line.https ?? options.https }),
      close: async () => network?.close(),
    };
  }
  checkFanOutNames(lines);
  const local = new PowerShellHost();
  // This PC's WinRM client settings (TrustedHosts, domain, trusted roots), read once for the whole fleet.
  let settings: Promise<WinrmClientOutput> | null = null;
  const clientSettings = () => (settings ??= local.run('ops/winrm-client', { includeRoots: true }, WinrmClientOutput));
  // -UseSSL applies to a whole Invoke-Command: the HTTPS hosts and the HTTP hosts fan out in separate commands.
  const fanOuts = { https: new WinrmFanOut({ https: true, clientSettings }), http: new WinrmFanOut({ https: false, clientSettings }) };
  // One sign-in for every Azure VM of the fleet; each VM then gets its own Run Command transport (one at a time).
  let credential: ReturnType<typeof azureCredential> | null = null;
  const azureTransport = (line: FleetLine): RemotingTransport => {
    credential ??= azureCredential(options.env);
    const pending = credential.then((c) => new RunCommandTransport({ resourceId: line.azureVm!, credential: c }));
    return {
      via: 'azure-run-command',
      target: line.azureVm!,
      preflight: async (signal) => (await pending).preflight(signal),
      connect: async (signal) => (await pending).connect(signal),
    };
  };
  return {
    local,
    probe: options.probe,
    notes: [],
    transportFor: (line) =>
      line.azureVm ? azureTransport(line) : fanOuts[(line.https ?? options.https) ? 'https' : 'http'].transport(line.name),
    close: async () => {
      await Promise.allSettled([fanOuts.https.close(), fanOuts.http.close(), local.close()]);
    },
  };
}

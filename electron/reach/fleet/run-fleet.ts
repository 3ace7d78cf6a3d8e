// Many hosts at once: each host's management path is checked first (an unreachable host is named with the
// path that failed), then its host checks run through the same remoting transport, plus the client probe of
// the host when asked. Hosts run through a bounded pool; each host's own calls are batched (RemoteHost).
import type { Cause, Finding } from '../../../shared/model';
import { parseTarget } from '../../../shared/target';
import { allChecks } from '../../engine/checks';
import type { AnyCheck } from '../../engine/types';
import type { HostAdapter } from '../../hosts/host-adapter';
import type { ProbeOptions } from '../../probe/probe';
import { diagnoseAcross } from '../diagnose-remote';
import { RemoteHost } from '../remote-host';
import { ManagementPathError, MANAGEMENT_FAILURES, type RemotingTransport } from '../transport';
import type { FleetLine } from './fleet-file';

export type FleetStatus = 'ok' | 'problems' | 'unreachable' | 'error';

export interface FleetRow {
  name: string;
  status: FleetStatus;
  failed: string[];
  causes: Cause[];
}

export interface FleetReach {
  transportFor(line: FleetLine): RemotingTransport;
  /** This PC, for the client checks; the probe checks themselves run no script here. */
  local: HostAdapter;
  /** Run the client handshake probe against NAME:3389 too. */
  probe: boolean;
  /** Simulation: names resolve to the simulated hosts' loopback RDP listeners (rdp-responder.ts). */
  resolver?: ProbeOptions['resolver'];
}

export interface FleetOptions {
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; row: FleetRow }) => void;
}

const PROBE_CHECKS = new Set(['client.dns', 'client.tcp', 'client.rdp-negotiation', 'client.tls-certificate']);

export function fleetChecks(probe: boolean): AnyCheck[] {
  return allChecks.filter((c) => c.side === 'host' || (probe && PROBE_CHECKS.has(c.id)));
}

function unreachableRow(name: string, err: ManagementPathError): FleetRow {
  return {
    name,
    status: 'unreachable',
    failed: [],
    causes: [
      {
        id: `management-path/${err.failure}`,
        checkId: 'management-path',
        title: `${MANAGEMENT_FAILURES[err.failure].title} (${err.failure} over ${err.via})`,
        confidence: 1,
        evidence: [err.detail, `Fix: ${err.fix}`],
        fix: null,
      },
    ],
  };
}

function errorRow(name: string, message: string): FleetRow {
  return {
    name,
    status: 'error',
    failed: [],
    causes: [{ id: 'error', checkId: 'error', title: message.slice(0, 300), confidence: 0, evidence: [], fix: null }],
  };
}

function rowOf(name: string, findings: Finding[], causes: Cause[]): FleetRow {
  const failed = findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id);
  const errors = findings.filter((f) => f.status === 'error');
  if (failed.length === 0 && errors.length > 0)
    return errorRow(name, `${errors.length} checks could not run: ${errors[0]!.id}: ${errors[0]!.verdict}`);
  return { name, status: failed.length ? 'problems' : 'ok', failed, causes };
}

export async function diagnoseFleetHost(line: FleetLine, reach: FleetReach, signal?: AbortSignal): Promise<FleetRow> {
  const transport = reach.transportFor(line);
  try {
    await transport.preflight(signal);
  } catch (err) {
    if (err instanceof ManagementPathError) return unreachableRow(line.name, err);
    return errorRow(line.name, err instanceof Error ? err.message : String(err));
  }
  const host = new RemoteHost(transport);
  try {
    const parsed = reach.probe ? parseTarget(line.name) : null;
    const target = parsed && parsed.ok ? parsed.target : null;
    const { diagnosis } = await diagnoseAcross(fleetChecks(reach.probe), { local: reach.local, remote: host }, target, {
      signal,
      resolver: reach.resolver,
    });
    const answered = diagnosis.findings.some((f) => f.side === 'host' && f.status !== 'error');
    if (!answered && host.pathError) return unreachableRow(line.name, host.pathError);
    return rowOf(line.name, diagnosis.findings, diagnosis.causes);
  } catch (err) {
    // host.info() failing is the first thing that meets a path the preflight could not see (access denied).
    if (host.pathError) return unreachableRow(line.name, host.pathError);
    return errorRow(line.name, err instanceof Error ? err.message : String(err));
  } finally {
    await host.close();
  }
}

/** Rows in file order; at most `concurrency` hosts in flight. */
export async function runFleet(lines: FleetLine[], reach: FleetReach, options: FleetOptions): Promise<FleetRow[]> {
  const rows = new Array<FleetRow>(lines.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= lines.length || options.signal?.aborted) return;
      rows[i] = await diagnoseFleetHost(lines[i]!, reach, options.signal);
      done++;
      try {
        options.onProgress?.({ done, total: lines.length, row: rows[i] });
      } catch {
        /* a progress listener must not stop the fleet */
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, lines.length)) }, worker));
  return rows.map((r, i) => r ?? errorRow(lines[i]!.name, 'cancelled'));
}

// `fleet` over 500 simulated hosts behind a simulated WinRM link with 50 ms round trips and mixed scenarios:
// prints wall time, peak RSS, round trips, and whether every host's failed checks match its scenario. With
// --probe each host's client probe runs too, against its loopback RDP responder (127.0.0.1).
// Usage: npx tsx bench/fleet.ts [--hosts 500] [--latency 50] [--concurrency 100] [--probe]
import { parseArgs } from 'node:util';
import { readScenarioFile } from '../electron/hosts/simulated/scenarios';
import { findCheck } from '../electron/engine/checks';
import type { FleetLine } from '../electron/reach/fleet/fleet-file';
import { openFleetReach } from '../electron/reach/fleet/fleet-reach';
import { runFleet } from '../electron/reach/fleet/run-fleet';

const MIX = [
  'healthy',
  'healthy',
  'expired-cert',
  'rdp-disabled',
  'firewall-blocked',
  'service-stopped',
  'machinekeys-acl',
  'nla-mismatch',
  'tls12-disabled',
  'multi-fault',
  'winrm-off',
  'winrm-access-denied',
];

/** What the client probe finds on a host of this scenario (the responder answers from the host's state). */
const PROBE_FAILS: Record<string, string[]> = {
  'expired-cert': ['client.tls-certificate'],
  'rdp-disabled': ['client.tcp'],
  'firewall-blocked': ['client.tcp'],
  'service-stopped': ['client.tcp'],
  'machinekeys-acl': ['client.tls-certificate'],
  'tls12-disabled': ['client.tls-certificate'],
  'multi-fault': ['client.tcp'],
};

/** What the fleet must report for a host of this scenario: its host-side failing checks (and the probe's), or unreachable. */
export function expectedFor(scenario: string, probe = false): { status: string; failed: string[] } {
  if (scenario === 'winrm-off' || scenario === 'winrm-access-denied') return { status: 'unreachable', failed: [] };
  const host = (readScenarioFile(scenario).expect?.failing ?? []).filter((id) => findCheck(id)?.side === 'host');
  const failed = [...host, ...(probe ? (PROBE_FAILS[scenario] ?? []) : [])].sort();
  return { status: failed.length ? 'problems' : 'ok', failed };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { hosts: { type: 'string' }, latency: { type: 'string' }, concurrency: { type: 'string' }, probe: { type: 'boolean' } },
  });
  const probe = Boolean(values.probe);
  const n = Number(values.hosts ?? 500);
  const latencyMs = Number(values.latency ?? 50);
  const concurrency = Number(values.concurrency ?? 100);
  const lines: FleetLine[] = Array.from({ length: n }, (_, i) => ({
    line: i + 1,
    name: `pc-${String(i + 1).padStart(4, '0')}`,
    azureVm: null,
    scenario: MIX[i % MIX.length]!,
    https: null,
  }));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const reach = openFleetReach(lines, { simulate: true, https: false, probe, env: process.env, latencyMs });
  const rows = await runFleet(lines, reach, { concurrency });
  await reach.close();
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const mismatches = rows.filter((r, i) => {
    const want = expectedFor(lines[i]!.scenario!, probe);
    return r.status !== want.status || [...r.failed].sort().join() !== want.failed.join();
  });
  const counts = Object.fromEntries(['ok', 'problems', 'unreachable', 'error'].map((s) => [s, rows.filter((r) => r.status === s).length]));
  const reached = rows.filter((r) => r.status !== 'unreachable').length;
  console.log(
    `fleet bench: ${n} simulated hosts, ${latencyMs} ms round trips, concurrency ${concurrency}, client probe ${probe ? 'on' : 'off'}`,
  );
  // Per reached host: preflight (port, Test-WSMan, session: one trip), session open, host info + identity, the diagnosis.
  console.log(
    `  round trips ${reach.link?.roundTrips ?? '?'} (${((reach.link?.roundTrips ?? 0) / Math.max(1, reached)).toFixed(2)} per reached host)`,
  );
  console.log(`  wall ${(wallMs / 1000).toFixed(2)} s (limit 10 s), peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (limit 400 MB)`);
  console.log(`  statuses ${JSON.stringify(counts)}`);
  console.log(`  hosts whose failed checks do not match their scenario: ${mismatches.length}`);
  for (const m of mismatches.slice(0, 5)) console.log(`    ${m.name}: ${m.status} [${m.failed.join(', ')}] ${m.causes[0]?.title ?? ''}`);
  process.exitCode = wallMs < 10_000 && peakRss < 400 * 1024 * 1024 && mismatches.length === 0 ? 0 : 1;
}

void main();

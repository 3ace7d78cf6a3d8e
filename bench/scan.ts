// 500 loopback listeners (half RDP-like, some silent, the rest closing at once), one scan: wall time and
// peak RSS of the scanning process. The listeners run in a child process, as real servers would not share
// the scanner's event loop.
// Run: npx tsx bench/scan.ts [COUNT] [CONCURRENCY] [TIMEOUT_MS]
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { scanTargets } from '../electron/probe';
import { startFakePeer, type FakePeer, type PeerBehaviour } from '../test/support/fake-peers';
import { makeCertificates } from '../test/support/xrdp';

const COUNT = Number(process.argv[process.argv[2] === '--peers' ? 3 : 2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 64);
const TIMEOUT = Number(process.argv[4] ?? 2000);

/** Child side: start the listeners, print their ports as one JSON line, serve until stdin closes. */
async function peersMain(): Promise<void> {
  const certs = await makeCertificates();
  const behaviours: PeerBehaviour[] = [];
  for (let i = 0; i < COUNT; i++) {
    const slot = i % 10;
    // 5 of 10 RDP-like (3 standard RDP, 2 NLA with a TLS handshake), 1 silent, 4 close at once.
    if (slot < 3) behaviours.push({ kind: 'select', protocol: 0 });
    else if (slot < 5) behaviours.push({ kind: 'nla', cert: certs.valid });
    else if (slot === 5) behaviours.push({ kind: 'silent' });
    else behaviours.push({ kind: 'close' });
  }
  const peers: FakePeer[] = await Promise.all(behaviours.map((b) => startFakePeer(b)));
  process.stdout.write(`${JSON.stringify(peers.map((p) => p.port))}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void Promise.all(peers.map((p) => p.close()))
      .then(() => rm(certs.dir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--peers', String(COUNT)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const ports = JSON.parse(first) as number[];
  const targets = ports.map((port) => `127.0.0.1:${port}`);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const rows = await scanTargets(targets, { concurrency: CONCURRENCY, timeoutMs: TIMEOUT });
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const counts = rows.reduce<Record<string, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
  console.log(`${COUNT} targets, concurrency ${CONCURRENCY}, timeout ${TIMEOUT} ms`);
  console.log(
    `wall time: ${(wall / 1000).toFixed(2)} s (goal < 10 s); scanner CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `peak RSS: ${(peakRss / 1048576).toFixed(0)} MB sampled, ${maxRssMb.toFixed(0)} MB getrusage max (goal < 300 MB); before the scan ${(rssBefore / 1048576).toFixed(0)} MB`,
  );
  console.log(
    `results: ${Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}`,
  );
  const durations = rows.map((r) => r.durationMs).sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!.toFixed(0);
  console.log(`per-target probe time: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
  child.stdin.end();
}

(process.argv[2] === '--peers' ? peersMain() : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

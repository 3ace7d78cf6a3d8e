// The full probe vs nmap's rdp-enum-encryption on the same xrdp in the same run: medians and ratio.
// Run: npx tsx bench/probe-vs-nmap.ts [RUNS]
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { runProbe } from '../electron/probe';
import { makeCertificates, startXrdp, xrdpAvailable } from '../test/support/xrdp';

const run = promisify(execFile);
const RUNS = Number(process.argv[2] ?? 9);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pause = () => new Promise((r) => setTimeout(r, 200));

async function main(): Promise<void> {
  if (!xrdpAvailable) {
    console.log('SKIPPED: /usr/sbin/xrdp is absent');
    return;
  }
  const certs = await makeCertificates();
  const server = await startXrdp({ securityLayer: 'negotiate', cert: certs.valid });
  try {
    const target = { host: '127.0.0.1', port: server.port };
    await runProbe(target, { timeoutMs: 3000 }); // warm-up: module loading, TLS context
    const probeMs: number[] = [];
    let last = null;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      last = await runProbe(target, { timeoutMs: 3000 });
      probeMs.push(performance.now() - start);
      await pause();
    }
    const nmapMs: number[] = [];
    let nmapOut = '';
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const { stdout } = await run('nmap', ['-Pn', '-p', String(server.port), '--script', '+rdp-enum-encryption', '127.0.0.1'], { timeout: 60_000 });
      nmapMs.push(performance.now() - start);
      nmapOut = stdout;
      await pause();
    }
    const p = median(probeMs);
    const n = median(nmapMs);
    console.log(`xrdp 127.0.0.1:${server.port} (security_layer=negotiate), ${RUNS} runs each`);
    console.log(`probe (DNS, 5 negotiations, TLS, certificate): median ${p.toFixed(1)} ms  [${probeMs.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`nmap rdp-enum-encryption:                      median ${n.toFixed(1)} ms  [${nmapMs.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`ratio: the probe is ${(n / p).toFixed(1)}x faster (goal: 20x)`);
    const nla = nmapOut.split('\n').find((l) => /CredSSP/.test(l));
    const ours = last?.findings.find((f) => f.layer === 'negotiation' && f.status !== 'pass') ?? last?.findings.find((f) => f.layer === 'negotiation');
    console.log(`nmap says:  ${nla?.trim() ?? '(no CredSSP line)'}`);
    console.log(`probe says: ${ours?.text ?? '-'}`);
  } finally {
    await server.stop();
    await rm(certs.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

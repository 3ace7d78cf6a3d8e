// Whole processes, as a technician runs them (issue 14 §4): `node bin/rdp-doctor.cjs probe 127.0.0.1:PORT --json`
// against `nmap -Pn -p PORT --script +rdp-enum-encryption` on the same xrdp, then on FreeRDP's shadow server
// with NLA (where the probe also reads the identity) against nmap's rdp-enum-encryption + rdp-ntlm-info, and
// `rdp-doctor --version` alone. Medians of RUNS runs each, interleaved so load spikes hit both sides alike.
// NODE_EXTRA_CA_CERTS makes every Node process parse that bundle before running a line of JavaScript (Node 20
// loads it eagerly at start-up: about 40 ms here for /etc/ssl/certs/ca-certificates.crt). When it is set, each
// rdp-doctor timing runs twice: as the environment has it, and without it (as on a PC that does not set it).
// Run: npm run build && npx tsx bench/probe-vs-nmap.ts [RUNS]   (default 7)
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { shadowAvailable, startShadowNla } from '../test/support/freerdp-shadow';
import { makeCertificates, startXrdp, xrdpAvailable } from '../test/support/xrdp';

const run = promisify(execFile);
const RUNS = Number(process.argv[2] ?? 7);
const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'rdp-doctor.cjs');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pause = () => new Promise((r) => setTimeout(r, 150));

interface Variant {
  label: string;
  env: NodeJS.ProcessEnv;
}
const withoutExtraCerts = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
};
const VARIANTS: Variant[] = process.env.NODE_EXTRA_CA_CERTS
  ? [
      { label: `with NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}`, env: process.env },
      { label: 'without NODE_EXTRA_CA_CERTS', env: withoutExtraCerts() },
    ]
  : [{ label: 'NODE_EXTRA_CA_CERTS not set', env: process.env }];

/** Wall time of one whole process, exit code ignored (the probe exits 1 when it finds problems). */
async function timed(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  const out = await run(file, args, { timeout: 60_000, env }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return { ms: performance.now() - start, stdout: String(out.stdout) };
}

async function compare(label: string, ours: [string, string[]], theirs: [string, string[]]): Promise<{ ours: string; theirs: string }> {
  const a = VARIANTS.map(() => [] as number[]);
  const b: number[] = [];
  /** The probe's own durationMs from its JSON: the protocol work, without Node's start-up. */
  const inner: number[] = [];
  let lastOurs = '';
  let lastTheirs = '';
  await timed(...ours); // warm the page cache, as a second run by a technician would
  for (let i = 0; i < RUNS; i++) {
    for (const [v, variant] of VARIANTS.entries()) {
      const x = await timed(...ours, variant.env);
      a[v]!.push(x.ms);
      lastOurs = x.stdout;
      const d = /"durationMs":\s*([\d.]+)/.exec(x.stdout);
      if (d) inner.push(Number(d[1]));
      await pause();
    }
    const y = await timed(...theirs);
    b.push(y.ms);
    lastTheirs = y.stdout;
    await pause();
  }
  const mb = median(b);
  const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(', ')}]`;
  console.log(`${label}`);
  console.log(`  nmap (whole process):             median ${mb.toFixed(0)} ms  ${list(b)}`);
  console.log(`  the probe itself:                 median ${median(inner).toFixed(0)} ms (its durationMs)`);
  for (const [v, variant] of VARIANTS.entries()) {
    const ma = median(a[v]!);
    console.log(`  rdp-doctor probe (whole process), ${variant.label}: median ${ma.toFixed(0)} ms  ${list(a[v]!)}`);
    console.log(`    ratio: rdp-doctor is ${(mb / ma).toFixed(1)}x faster than nmap (goal: 20x)`);
  }
  return { ours: lastOurs, theirs: lastTheirs };
}

async function versionTime(): Promise<void> {
  for (const variant of VARIANTS) {
    const xs: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      xs.push((await timed(process.execPath, [BIN, '--version'], variant.env)).ms);
      base.push((await timed(process.execPath, ['-e', '0'], variant.env)).ms);
    }
    console.log(
      `rdp-doctor --version, ${variant.label}: median ${median(xs).toFixed(1)} ms (goal: under 60); node -e 0 alone: median ${median(base).toFixed(1)} ms`,
    );
  }
}

async function main(): Promise<void> {
  await versionTime();
  if (!xrdpAvailable) console.log('SKIPPED xrdp: /usr/sbin/xrdp is absent');
  else {
    const certs = await makeCertificates();
    const server = await startXrdp({ securityLayer: 'negotiate', cert: certs.valid });
    try {
      const p = String(server.port);
      await compare(
        `xrdp 127.0.0.1:${p} (security_layer=negotiate, no NLA), ${RUNS} runs each`,
        [process.execPath, [BIN, 'probe', `127.0.0.1:${p}`, '--json']],
        ['nmap', ['-Pn', '-p', p, '--script', '+rdp-enum-encryption', '127.0.0.1']],
      );
    } finally {
      await server.stop();
      await rm(certs.dir, { recursive: true, force: true });
    }
  }
  if (!shadowAvailable) console.log('SKIPPED NLA: freerdp-shadow-cli or Xvfb is absent');
  else {
    const shadow = await startShadowNla();
    try {
      const p = String(shadow.port);
      const { ours, theirs } = await compare(
        `FreeRDP shadow 127.0.0.1:${p} (NLA only; the probe includes the identity step), ${RUNS} runs each`,
        [process.execPath, [BIN, 'probe', `127.0.0.1:${p}`, '--json']],
        ['nmap', ['-Pn', '-p', p, '--script', '+rdp-enum-encryption,+rdp-ntlm-info', '127.0.0.1']],
      );
      const identity = (JSON.parse(ours) as { identity: unknown }).identity;
      console.log(`  probe identity: ${JSON.stringify(identity)}`);
      console.log(
        `  nmap says: ${theirs
          .split('\n')
          .filter((l) => /_Name|Product_Version|System_Time/.test(l))
          .map((l) => l.replace(/^\|_?\s*/, '').trim())
          .join('; ')}`,
      );
    } finally {
      await shadow.stop();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

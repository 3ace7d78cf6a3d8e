// bench/report: wall time to produce the multi-fault PDF from the CLI, cold (a new process each run, which
// also starts a new browser). Goal: under 3 s on this machine. Prints numbers; not a timed test.
//   npx tsx bench/report.ts [--runs N] [--scenario NAME] [--browser PATH]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GOAL_MS = 3000;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, scenario: { type: 'string', default: 'multi-fault' }, browser: { type: 'string' } },
});
const runs = Math.max(1, Number(values.runs) || 5);

if (!existsSync(path.join(ROOT, 'dist/cli.cjs'))) spawnSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'inherit' });

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-bench-report-'));
const times: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const out = path.join(dir, `run-${i}.pdf`);
    const args = [
      path.join(ROOT, 'bin/rdp-doctor.cjs'),
      'diagnose',
      '--scenario',
      values.scenario,
      '--report',
      out,
      ...(values.browser ? ['--browser', values.browser] : []),
    ];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, RDP_DOCTOR_HOME: dir } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) {
      console.error(`run ${i + 1}: rdp-doctor exited ${r.status}: ${r.stderr.trim()}`);
      process.exit(1);
    }
    if (!existsSync(out) || statSync(out).size < 1000) {
      console.error(`run ${i + 1}: no PDF was written`);
      process.exit(1);
    }
    times.push(ms);
    console.log(`run ${i + 1}: ${ms.toFixed(0)} ms (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(`\ndiagnose --scenario ${values.scenario} --report x.pdf, cold CLI, ${runs} runs`);
console.log(
  `median ${median.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; goal < ${GOAL_MS} ms: ${median < GOAL_MS ? 'met' : 'NOT met'}`,
);
console.log(
  `machine: ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);

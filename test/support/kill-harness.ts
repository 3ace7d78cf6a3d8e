// What the fault-injection crash tests share: a real CLI run with test/support/kill-at-io.cjs preloaded (it
// records every file-system step under the data folder, or SIGKILLs the process at one), the trace it writes,
// and the host state and journal entries read straight from disk (a CLI call per kill would double the time).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../../electron/util/canonical-json';

const PRELOAD = path.resolve(__dirname, 'kill-at-io.cjs');

export interface Step {
  n: number;
  kind: string;
  file: string;
}

export interface FixCase {
  scenario: string;
  check: string;
  fix: string;
}

/** The simulated host inside a state file, canonical, for exact before/after comparison. */
export const stateOf = (file: string): string => canonicalJson(JSON.parse(readFileSync(file, 'utf8')).state);

export const fixArgs = (c: FixCase, state: string): string[] => ['fix', c.check, '--fix', c.fix, '--state', state, '--yes'];

/** The environment of a CLI run under the preload: KILL_IO_TRACE records, KILL_IO_AT kills at that step. */
export function injected(dir: string, extra: Record<string, string>): Record<string, string> {
  return {
    RDP_DOCTOR_HOME: dir,
    KILL_IO_DIR: dir,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PRELOAD)}`.trim(),
    ...extra,
  };
}

/** The steps of a trace file, in order. */
export function readTrace(trace: string): Step[] {
  return readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [n, kind, file] = line.split('\t') as [string, string, string];
      return { n: Number(n), kind, file };
    });
}

/** The journal entries on disk. */
export function entriesIn(journalDir: string): Array<{ id: string; state: string }> {
  if (!existsSync(journalDir)) return [];
  return readdirSync(journalDir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .map((name) => JSON.parse(readFileSync(path.join(journalDir, name), 'utf8')) as { id: string; state: string });
}

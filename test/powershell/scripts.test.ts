// Every .ps1 under electron/engine, found when the test runs (a new script is covered without editing this
// file), must pass the 5.1 lint: tree-sitter parse, cmdlets/parameters/values in the 5.1 reference, no
// PowerShell 7 syntax, input kept as data, and the host-script shape. Same rules as `npx tsx scripts/lint-ps1.ts`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintEngine } from '../../electron/tools/ps-lint';

const repo = path.resolve(import.meta.dirname, '../..');
const { files, findings } = lintEngine(path.join(repo, 'electron', 'engine'), repo);
const rel = (f: string) => path.relative(repo, f).split(path.sep).join('/');

describe('electron/engine/**/*.ps1 lint', () => {
  it('finds the scripts (the glob did not silently match nothing)', () => {
    expect(files.map(rel)).toContain('electron/engine/lib/rd-common.ps1');
    expect(files.map(rel)).toContain('electron/engine/ops/registry-read.ps1');
  });

  it.each(files.map(rel))('%s', (file) => {
    const mine = findings.filter((f) => f.file === file).map(formatFinding);
    expect(mine, `PowerShell lint findings (run: npx tsx scripts/lint-ps1.ts):\n${mine.join('\n')}`).toEqual([]);
  });
});

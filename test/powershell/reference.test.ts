// The vendored 5.1 reference must be the team's shared copy (../shared beside the repo). In CI (CI=true) a
// missing ../shared is a failure; on a developer's machine the test says loudly that it did not run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_PATH } from '../../electron/tools/ps-lint/reference';

const shared = path.resolve(import.meta.dirname, '../../../shared/powershell/powershell-5.1-cmdlets.json');
const present = existsSync(shared);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
if (!present && !inCi)
  console.warn(`NOT RUN: vendored PowerShell 5.1 reference check: ${shared} is missing (put the team's shared folder beside the repo)`);

describe('vendored PowerShell 5.1 reference', () => {
  it.runIf(present || inCi)('matches ../shared/powershell/powershell-5.1-cmdlets.json', () => {
    expect(present, `${shared} is missing: CI needs the team's shared folder beside the repo`).toBe(true);
    const same = readFileSync(shared).equals(readFileSync(DEFAULT_REFERENCE_PATH));
    expect(same, `copy ${shared} over ${path.relative(process.cwd(), DEFAULT_REFERENCE_PATH)}`).toBe(true);
  });
});

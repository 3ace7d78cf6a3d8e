// The vendored 5.1 reference must be the team's shared copy, when that copy is present beside the repo.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_PATH } from '../../electron/tools/ps-lint/reference';

const shared = path.resolve(import.meta.dirname, '../../../shared/powershell/powershell-5.1-cmdlets.json');

describe('vendored PowerShell 5.1 reference', () => {
  it.skipIf(!existsSync(shared))('matches ../shared/powershell/powershell-5.1-cmdlets.json', () => {
    const same = readFileSync(shared).equals(readFileSync(DEFAULT_REFERENCE_PATH));
    expect(same, `copy ${shared} over ${path.relative(process.cwd(), DEFAULT_REFERENCE_PATH)}`).toBe(true);
  });
});

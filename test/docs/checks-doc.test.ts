// docs/checks.md is generated from allChecks; it must be regenerated whenever a check, a fix or its
// metadata changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../electron/engine/checks';
import { CHECKS_DOC, REGENERATE, renderChecksDoc } from '../../scripts/gen-checks-doc';

describe('docs/checks.md', () => {
  it('is up to date with the checks in the code', () => {
    let onDisk = '';
    try {
      onDisk = readFileSync(CHECKS_DOC, 'utf8');
    } catch {
      // A missing file is stale too; the message below says how to create it.
    }
    const fresh = renderChecksDoc(allChecks);
    expect(onDisk === fresh, `docs/checks.md is stale: run ${REGENERATE}`).toBe(true);
  });

  it('has one row per check, with every fix and its flags', () => {
    const text = renderChecksDoc(allChecks);
    for (const c of allChecks) {
      expect(text).toContain(`| \`${c.id}\` | ${c.side} |`);
      for (const f of c.fixes) expect(text).toMatch(new RegExp(`\`${f.id}\`[^|]*reversible: (yes|no); lowers security: (yes|no); needs admin: (yes|no); needs restart: (yes|no)`));
    }
  });
});

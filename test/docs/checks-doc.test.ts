// Every file `npm run gen:checks` writes (the check registry, the simulator's model registry, docs/checks.md)
// must be regenerated whenever a check folder, a check, a fix or its metadata changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../electron/engine/checks';
import {
  CHECK_REGISTRY,
  CHECKS_DOC,
  checkFolders,
  MODEL_REGISTRY,
  REGENERATE,
  renderCheckRegistry,
  renderChecksDoc,
  renderModelRegistry,
} from '../../scripts/gen-checks';

function onDisk(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // A missing file is stale too; the message says how to create it.
  }
}

describe('generated from the check folders', () => {
  const folders = checkFolders();
  const repo = path.resolve(import.meta.dirname, '../..');
  const generated: [string, () => string][] = [
    [CHECK_REGISTRY, () => renderCheckRegistry(folders)],
    [MODEL_REGISTRY, () => renderModelRegistry(folders)],
    [CHECKS_DOC, () => renderChecksDoc(allChecks)],
  ];
  it.each(generated.map(([file, render]) => [path.relative(repo, file), file, render] as const))(
    '%s is up to date',
    (_name, file, render) => {
      expect(onDisk(file) === render(), `${path.basename(file)} is stale: run ${REGENERATE}`).toBe(true);
    },
  );

  it('docs/checks.md has one row per check, with every fix and its flags', () => {
    const text = renderChecksDoc(allChecks);
    for (const c of allChecks) {
      expect(text).toContain(`| \`${c.id}\` | ${c.side} |`);
      for (const f of c.fixes)
        expect(text).toMatch(
          new RegExp(`\`${f.id}\`[^|]*reversible: (yes|no); lowers security: (yes|no); needs admin: (yes|no); needs restart: (yes|no)`),
        );
    }
  });
});

// The simulator models Windows from Microsoft's documentation; it must not reuse the engine it is there to
// test (a model that borrows the engine's port matching or rule logic agrees with the engine by construction).
// This walks the import graph from every simulator file and every check folder's sim.ts and fails on any
// file under electron/engine/ it reaches, other than another sim.ts or a schema.ts (a check's neutral output
// schema, which may import only zod and shared/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const ENGINE = path.join(repo, 'electron', 'engine');
const SIMULATOR = path.join(repo, 'electron', 'hosts', 'simulated');
const rel = (f: string) => path.relative(repo, f).split(path.sep).join('/');

function tsFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(dir, f));
}

/** The file a relative specifier names, as TypeScript's bundler resolution finds it; null for packages. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => existsSync(f) && /\.tsx?$/.test(f));
  if (!found) throw new Error(`${rel(from)}: cannot resolve ${spec}`);
  return found;
}

/** Every import, export-from, import type and dynamic import of a file, resolved. */
function importsOf(file: string): { spec: string; file: string | null }[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((i) => ({ spec: i.fileName, file: resolve(file, i.fileName) }));
}

const isSimModel = (f: string) => f.startsWith(ENGINE + path.sep) && path.basename(f) === 'sim.ts';
const isSchema = (f: string) => f.startsWith(ENGINE + path.sep) && path.basename(f) === 'schema.ts';

/** Breadth-first from the roots; returns each engine file reached, with the chain that reaches it. */
function engineReach(roots: string[]): string[] {
  const seen = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const queue = [...roots];
  const problems: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const chain = seen.get(file)!;
    for (const { spec, file: target } of importsOf(file)) {
      if (isSchema(file) && !(spec === 'zod' || (target && target.startsWith(path.join(repo, 'shared') + path.sep)))) {
        problems.push(`${rel(file)} imports ${spec}: a schema.ts may import only zod and shared/`);
      }
      if (!target || seen.has(target)) continue;
      const next = [...chain, target];
      seen.set(target, next);
      if (target.startsWith(ENGINE + path.sep) && !isSimModel(target) && !isSchema(target)) {
        problems.push(next.map(rel).join(' -> '));
        continue;
      }
      queue.push(target);
    }
  }
  return problems;
}

const roots = [...tsFiles(SIMULATOR), ...tsFiles(ENGINE).filter(isSimModel)];

describe('the simulated host never imports engine code', () => {
  it('finds the simulator and every check folder sim.ts', () => {
    expect(roots.map(rel)).toContain('electron/hosts/simulated/simulated-host.ts');
    expect(roots.filter(isSimModel).length).toBeGreaterThanOrEqual(10);
  });

  it('no simulator file or sim.ts reaches electron/engine/ (other than sim.ts and schema.ts)', () => {
    const problems = engineReach(roots);
    expect(problems, `import chains from the simulator into the engine:\n${problems.join('\n')}`).toEqual([]);
  });

  it('the walk sees through re-exports and type-only imports', () => {
    // A sim.ts that imported one engine type would be caught; prove the walker reads such a line.
    const probe = path.join(ENGINE, 'checks', 'host', 'service', 'sim.ts');
    const text = "import type { Check } from '../../../types';\nexport { x } from './schema';\n";
    const info = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
    expect(info).toEqual(['../../../types', './schema']);
    expect(resolve(probe, '../../../types')).toBe(path.join(ENGINE, 'types.ts'));
  });
});

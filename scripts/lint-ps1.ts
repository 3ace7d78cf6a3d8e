// Lints every .ps1 under electron/engine (see electron/tools/ps-lint). Prints file:line findings; exits 1
// when there are any, warnings included (a parameter prefix works but reads badly and breaks when a cmdlet
// gains a parameter).  Usage: npx tsx scripts/lint-ps1.ts [engine-dir]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFinding, lintEngine } from '../electron/tools/ps-lint';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engine = path.resolve(process.argv[2] ?? path.join(repo, 'electron', 'engine'));
const { files, findings } = lintEngine(engine, repo);
for (const f of findings) console.log(formatFinding(f));
const errors = findings.filter((f) => f.severity === 'error').length;
console.log(`${files.length} scripts, ${errors} errors, ${findings.length - errors} warnings`);
process.exit(findings.length > 0 ? 1 : 0);

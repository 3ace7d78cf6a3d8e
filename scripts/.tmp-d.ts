import { readFileSync } from 'node:fs';
import { lintSource, formatFinding } from '../electron/tools/ps-lint';
const f = process.argv[2]!;
for (const x of lintSource(readFileSync(f, 'utf8'), { file: f })) console.log(formatFinding(x));

// Prints the renderer's JavaScript size, raw and gzip (issue 7: under 250 KB gzip).
// Usage: npx tsx bench/bundle-size.ts [--build]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUNDLE_LIMIT_GZIP = 250 * 1024;
export const RENDERER_DIR = path.resolve('dist', 'renderer');

export function buildRenderer(): void {
  execFileSync(
    process.execPath,
    [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      // Under Vitest NODE_ENV is "test", which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

export interface BundleSize {
  files: { file: string; raw: number; gzip: number }[];
  jsRaw: number;
  jsGzip: number;
  cssGzip: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function measureBundle(dir = RENDERER_DIR): BundleSize {
  const files = walk(dir)
    .filter((f) => /\.(m?js|css)$/.test(f))
    .map((f) => {
      const data = readFileSync(f);
      return { file: path.relative(dir, f), raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
    });
  const js = files.filter((f) => /\.m?js$/.test(f.file));
  return {
    files,
    jsRaw: js.reduce((n, f) => n + f.raw, 0),
    jsGzip: js.reduce((n, f) => n + f.gzip, 0),
    cssGzip: files.filter((f) => f.file.endsWith('.css')).reduce((n, f) => n + f.gzip, 0),
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  if (process.argv.includes('--build')) buildRenderer();
  const size = measureBundle();
  for (const f of size.files) console.log(`${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzip`);
  console.log(
    `renderer JS: ${kb(size.jsGzip)} gzip (${kb(size.jsRaw)} raw); limit ${kb(BUNDLE_LIMIT_GZIP)} gzip; CSS ${kb(size.cssGzip)} gzip`,
  );
  if (size.jsGzip > BUNDLE_LIMIT_GZIP) process.exitCode = 1;
}

// Looking at PDFs from tests with poppler-utils: text comparison that ignores line wrapping, and pages as PNG
// kept under artifacts/report/ for a human to look at (never under docs/: `npm run docs:images` makes those).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = path.join(ROOT, 'artifacts/report');

/** Text with whitespace and hyphens removed: table cells wrap words and pdftotext re-joins them either way. */
export function loose(text: string): string {
  return text.replace(/[\s\u00ad-]+/g, '').toLowerCase();
}

/** Renders the given 1-based pages to `<ARTIFACTS>/<name>-page-<n>.png` and returns their paths. */
export function renderPages(pdf: string, name: string, pages: number[], dpi = 110): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  return pages.map((n) => {
    const prefix = path.join(ARTIFACTS, `${name}-page-${n}`);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(n), '-l', String(n), '-singlefile', pdf, prefix]);
    return `${prefix}.png`;
  });
}

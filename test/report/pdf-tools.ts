// Looking at PDFs from tests with poppler-utils: the text a search or a ticket system would see, the page
// count, and pages as PNG kept under artifacts/report/ for a human to look at.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATUS_LABEL } from '../../electron/report/format';
import type { Finding } from '../../shared/model';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = path.join(ROOT, 'artifacts/report');
export const README_IMAGE = path.join(ROOT, 'docs/images/report-page1.png');

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfPageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Text with whitespace and hyphens removed: table cells wrap words and pdftotext re-joins them either way. */
export function loose(text: string): string {
  return text.replace(/[\s\u00ad-]+/g, '').toLowerCase();
}

export interface PdfWord {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  text: string;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Every word with its page and position (pdftotext -bbox-layout), in reading order. */
export function pdfWords(file: string): PdfWord[] {
  const xhtml = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const words: PdfWord[] = [];
  xhtml.split('<page ').slice(1).forEach((chunk, i) => {
    for (const m of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)) {
      const text = m[4]!.replace(/&(#\d+|\w+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (XML_ENTITIES[e] ?? `&${e};`)));
      words.push({ page: i + 1, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), text });
    }
  });
  return words;
}

/**
 * The status word printed in the row of a check. Table cells interleave in pdftotext's reading order, so the
 * title is matched word by word along its own lines, then the status word is
 * looked for on the same page, at the same height, left of the title (the status column comes first).
 */
export function statusOfRow(words: PdfWord[], f: Pick<Finding, 'title'>): string | null {
  const wanted = f.title.split(/\s+/).map(loose);
  const statusWords = new Set(Object.values(STATUS_LABEL).map((s) => s.word));
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (loose(first.text) !== wanted[0]) continue;
    let k = 1;
    let prev = first;
    for (let j = i + 1; j < words.length && k < wanted.length && j < i + 80; j++) {
      const w = words[j]!;
      // The next word of the title follows on the same line or starts the next line of the same cell.
      const sameLine = Math.abs(w.y0 - prev.y0) < 2 && w.x0 > prev.x1 && w.x0 - prev.x1 < 8;
      const nextLine = Math.abs(w.x0 - first.x0) < 2 && w.y0 > prev.y0 + 2 && w.y0 < prev.y0 + 20;
      if (w.page !== first.page || !(sameLine || nextLine)) continue;
      if (loose(w.text) !== wanted[k]) break;
      prev = w;
      k++;
    }
    if (k < wanted.length) continue;
    const status = words.find((w) => w.page === first.page && statusWords.has(w.text) && w.x1 < first.x0 && Math.abs(w.y0 - first.y0) < 6);
    if (status) return status.text;
  }
  return null;
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

export function copyToReadme(png: string): void {
  mkdirSync(path.dirname(README_IMAGE), { recursive: true });
  copyFileSync(png, README_IMAGE);
}

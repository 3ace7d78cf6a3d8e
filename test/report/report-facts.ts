// Facts a reader needs from a report, asserted in ways that hold whatever the layout, the fonts, the Chromium
// point release or today's date (which change column widths and so how a PDF text extractor orders cells):
// - the HTML that is printed is read as a DOM in Chromium: each check's status badge is the only one in the
//   smallest block that holds the check's title and id (status "beside" its title, whatever the markup);
// - the PDF is read with `pdftotext -raw` (content-stream order: one table cell's lines stay together), page by
//   page, for the footer (page X of Y, run id) and for strings that must be printed somewhere.
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { chooseBrowser, launchArgs } from '../../electron/report/render-pdf';
import { STATUS_LABEL } from '../../electron/report/format';
import type { Status } from '../../shared/model';
import { loose } from './pdf-tools';

/** The text of each page, in the order the PDF draws it. */
export function pdfPages(file: string): string[] {
  const count = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
  const pages: string[] = [];
  for (let n = 1; n <= count; n++) {
    pages.push(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }));
  }
  return pages;
}

/** Every page carries "Page n of N" and the run id in its footer. Returns what is wrong, one line per page. */
export function footerProblems(pages: string[], runId: string): string[] {
  const problems: string[] = [];
  pages.forEach((text, i) => {
    if (!new RegExp(`Page\\s+${i + 1}\\s+of\\s+${pages.length}\\b`).test(text))
      problems.push(`page ${i + 1}: no "Page ${i + 1} of ${pages.length}"`);
    if (!loose(text).includes(loose(runId))) problems.push(`page ${i + 1}: no run id ${runId}`);
  });
  return problems;
}

/** Strings (compared without whitespace, hyphens or case: lines wrap anywhere) the PDF does not print. */
export function missingFromPdf(pages: string[], wanted: string[]): string[] {
  const all = loose(pages.join('\n'));
  return wanted.filter((w) => !all.includes(loose(w)));
}

interface CheckRow {
  id: string;
  title: string;
  status: Status;
}

/**
 * For each check: the status word found beside its title in the HTML, or a description of what was found
 * instead. "Beside" = the smallest element that holds the title and the check id holds exactly one status
 * badge (an icon and a status word, nothing else), and it is this one.
 */
export async function statusesInHtml(html: string, checks: CheckRow[]): Promise<Record<string, string>> {
  const browser = await chromium.launch({
    ...chooseBrowser(),
    args: launchArgs(process.getuid?.() === 0),
    chromiumSandbox: process.getuid?.() !== 0,
  });
  try {
    const page = await (await browser.newContext({ javaScriptEnabled: true, bypassCSP: true })).newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const words = Object.values(STATUS_LABEL).map((s) => s.word);
    const icons = Object.values(STATUS_LABEL).map((s) => s.icon);
    return await page.evaluate(
      ({ checks, words, icons }) => {
        const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
        const all = Array.from(document.body.querySelectorAll('*'));
        const badgeRe = new RegExp(`^(?:[${icons.join('')}]\\s*)?(${words.join('|')})$`);
        const isBadge = (e: Element) =>
          badgeRe.test(norm(e.textContent)) && !Array.from(e.children).some((c) => badgeRe.test(norm(c.textContent)));
        const badges = all.filter(isBadge);
        const out: Record<string, string> = {};
        for (const c of checks) {
          const holders = all.filter(
            (e) => norm(e.textContent).includes(c.title) && !Array.from(e.children).some((k) => norm(k.textContent).includes(c.title)),
          );
          const seen: string[] = [];
          for (const h of holders) {
            let box: Element | null = h;
            while (box && !(badges.some((b) => box!.contains(b)) && norm(box.textContent).includes(c.id))) box = box.parentElement;
            if (!box) continue;
            const inside = badges.filter((b) => box.contains(b)).map((b) => badgeRe.exec(norm(b.textContent))![1]!);
            seen.push(inside.length === 1 ? inside[0]! : `${inside.length} badges (${inside.slice(0, 4).join(', ')})`);
          }
          const single = [...new Set(seen.filter((s) => words.includes(s)))];
          out[c.id] = single.length ? single.join(' | ') : seen.length ? seen.join('; ') : 'title not found';
        }
        return out;
      },
      { checks, words, icons },
    );
  } finally {
    await browser.close();
  }
}

/**
 * For each group of strings: the text of the smallest element that holds all of them and also matches
 * `until` (null when none does). "What is printed beside what", whatever the markup.
 */
export async function blocksInHtml(html: string, groups: string[][], until: RegExp): Promise<Array<string | null>> {
  const browser = await chromium.launch({
    ...chooseBrowser(),
    args: launchArgs(process.getuid?.() === 0),
    chromiumSandbox: process.getuid?.() !== 0,
  });
  try {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.evaluate(
      ({ groups, source, flags }) => {
        const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
        const re = new RegExp(source, flags);
        // innerText, not textContent: cells and blocks stay separate words ("UTC Applied", not "UTCApplied").
        const all = Array.from(document.body.querySelectorAll<HTMLElement>('*'));
        const text = (e: HTMLElement) => norm(e.innerText);
        return groups.map((g) => {
          const holds = (e: HTMLElement) => g.every((x) => text(e).includes(x)) && re.test(text(e));
          const smallest = all.filter((e) => holds(e) && !Array.from(e.children).some((c) => c instanceof HTMLElement && holds(c)));
          return smallest.length ? text(smallest[0]!) : null;
        });
      },
      { groups, source: until.source, flags: until.flags },
    );
  } finally {
    await browser.close();
  }
}

export const STATUS_WORD = Object.fromEntries(Object.entries(STATUS_LABEL).map(([k, v]) => [k, v.word])) as Record<Status, string>;

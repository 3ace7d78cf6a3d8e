// Page setup shared by both PDF paths: the CLI prints with playwright-core (render-pdf.ts), the Electron app
// with webContents.printToPDF in a hidden sandboxed window. Same margins, same header and footer, so a PDF
// looks the same whichever path made it. No Electron import here: the shell helper maps the plain object.
import { hostHeadline } from '../../shared/host-reach';
import type { Report } from '../../shared/report';
import { escapeHtml } from './html';
import { formatTime } from './format';

export const PDF_MARGINS_MM = { top: 16, right: 13, bottom: 17, left: 13 } as const;
const MM_PER_INCH = 25.4;

const TEMPLATE_STYLE =
  `font-family:'Segoe UI','Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#4a5360;` +
  `width:100%;padding:0 ${PDF_MARGINS_MM.right}mm 0 ${PDF_MARGINS_MM.left}mm;display:flex;justify-content:space-between;`;

/** Chromium fills .pageNumber and .totalPages itself; every report value in here is escaped. */
export function footerTemplate(report: Report): string {
  return (
    `<div style="${TEMPLATE_STYLE}"><span>RDP Doctor report · run ${escapeHtml(report.header.runId)}</span>` +
    `<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  );
}

export function headerTemplate(report: Report): string {
  const h = report.header;
  const what = h.target ? `Target: ${h.target}` : `Host: ${hostHeadline(h.host)}`;
  return (
    `<div style="${TEMPLATE_STYLE}"><span>RDP Doctor · ${escapeHtml(what)}</span>` +
    `<span>${escapeHtml(formatTime(report.header.startedAt))}</span></div>`
  );
}

/** Options for playwright-core's page.pdf(). */
export function playwrightPdfOptions(report: Report) {
  const mm = (n: number) => `${n}mm`;
  return {
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(report),
    footerTemplate: footerTemplate(report),
    margin: {
      top: mm(PDF_MARGINS_MM.top),
      right: mm(PDF_MARGINS_MM.right),
      bottom: mm(PDF_MARGINS_MM.bottom),
      left: mm(PDF_MARGINS_MM.left),
    },
    tagged: true,
    outline: true,
  } as const;
}

/** Options for Electron's webContents.printToPDF() (margins in inches there). */
export function electronPrintToPdfOptions(report: Report) {
  const inch = (n: number) => n / MM_PER_INCH;
  return {
    pageSize: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(report),
    footerTemplate: footerTemplate(report),
    margins: {
      top: inch(PDF_MARGINS_MM.top),
      right: inch(PDF_MARGINS_MM.right),
      bottom: inch(PDF_MARGINS_MM.bottom),
      left: inch(PDF_MARGINS_MM.left),
    },
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  } as const;
}

// The report module's public surface, for the service, the CLI and the Electron shell.
export { buildReport, type BuildReportInput } from './build-report';
export { localClientHost, localUserName } from './client-host';
export { renderHtml } from './render-html';
export { renderText } from './render-text';
export { BrowserNotFoundError, chooseBrowser, prewarmPdf, renderPdf, type PdfRenderOptions } from './render-pdf';
export { exportReport, reportFrom, summarizeReport, writeCliReport, type PrintPdf, type ReportSource } from './export';
export { electronPrintToPdfOptions, footerTemplate, headerTemplate, playwrightPdfOptions } from './pdf-options';
export { MIME_TYPES, ReportPathError, formatFromPath, reportFilename, reportToBytes, writeReport, type ReportBytes } from './write-report';

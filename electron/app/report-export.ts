// Report export for the service: implemented by the report module (electron/report/export.ts).
export { exportReport, summarizeReport, type PrintPdf, type ReportSource as ReportInput } from '../report/export';

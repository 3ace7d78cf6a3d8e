import { useId } from 'react';
import { REPORT_FORMATS, type ReportFormat } from '../../../shared/report';
import { useApp } from '../store/context';
import { downloadBase64 } from '../lib/download';

const LABEL: Record<ReportFormat, { text: string; hint: string }> = {
  pdf: { text: 'PDF', hint: 'Report for the ticket, ready to print' },
  html: { text: 'HTML', hint: 'Report as a web page' },
  json: { text: 'JSON', hint: 'Machine-readable report for other tools' },
};

/** Export and "Copy summary": one click away on every screen. */
export function ExportBar() {
  const busy = useApp((s) => s.busy.export);
  const redact = useApp((s) => s.redactUser);
  const setRedact = useApp((s) => s.setRedactUser);
  const exportReport = useApp((s) => s.exportReport);
  const summary = useApp((s) => s.summary);
  const notify = useApp((s) => s.notify);
  const redactId = useId();

  async function doExport(format: ReportFormat) {
    const result = await exportReport(format);
    if (result?.dataBase64) {
      downloadBase64(result.filename, result.mimeType, result.dataBase64);
      notify('info', `Downloaded ${result.filename}.`);
    }
  }

  async function copy() {
    const text = await summary();
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      notify('info', 'Summary copied. Paste it into the ticket.');
    } catch {
      notify('error', 'The clipboard is not available here. Export the HTML report and copy from it instead.');
    }
  }

  return (
    <div className="export-bar" role="group" aria-label="Export the report">
      <span className="export-label" aria-hidden="true">
        Export
      </span>
      {REPORT_FORMATS.map((f) => (
        <button
          key={f}
          type="button"
          className="btn btn-small"
          title={LABEL[f].hint}
          aria-label={`Export ${LABEL[f].text}`}
          disabled={busy !== null}
          onClick={() => void doExport(f)}
        >
          {busy === f ? '…' : LABEL[f].text}
        </button>
      ))}
      <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void copy()}>
        {busy === 'summary' ? 'Copying…' : 'Copy summary'}
      </button>
      <span className="redact">
        <input id={redactId} type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} />
        <label htmlFor={redactId} title="Replace your user name with a placeholder in reports and summaries">
          Hide user name
        </label>
      </span>
    </div>
  );
}

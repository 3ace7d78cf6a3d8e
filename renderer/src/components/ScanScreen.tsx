import { useId } from 'react';
import { useApp } from '../store/context';
import { sortedScanRows, type ScanSortKey } from '../store/app-store';
import { formatMs } from '../lib/words';
import { Spinner, StatusBadge } from './StatusBadge';
import { FleetPanel } from './reach/FleetPanel';

const COLUMNS: { key: ScanSortKey; title: string }[] = [
  { key: 'target', title: 'PC' },
  { key: 'status', title: 'Result' },
  { key: 'summary', title: 'What was found' },
  { key: 'durationMs', title: 'Time' },
];

export function ScanScreen() {
  const scan = useApp((s) => s.scan);
  const setText = useApp((s) => s.setScanText);
  const runScan = useApp((s) => s.runScan);
  const sortScan = useApp((s) => s.sortScan);
  const ids = { text: useId(), hint: useId(), error: useId() };
  const rows = sortedScanRows(scan);

  return (
    <div className="scan">
      <h1 className="page-title">Check many PCs at once</h1>
      <p className="lead">
        Tests the Remote Desktop handshake of each PC from here: reachable, which security it offers, and its certificate. Nothing is
        changed on those PCs.
      </p>
      <form
        className="card scan-form"
        onSubmit={(e) => {
          e.preventDefault();
          void runScan();
        }}
      >
        <label className="field-label" htmlFor={ids.text}>
          PC names or addresses, one per line
        </label>
        <textarea
          id={ids.text}
          className="input textarea"
          rows={6}
          spellCheck={false}
          value={scan.text}
          aria-describedby={`${ids.hint} ${ids.error}`}
          aria-invalid={scan.error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={ids.hint} className="field-hint">
          For example <code>pc-042</code>, <code>10.0.0.5:3390</code>. Up to 5,000 lines.
        </p>
        <p id={ids.error} className="field-error" aria-live="polite">
          {scan.error}
        </p>
        <button type="submit" className="btn btn-primary" disabled={scan.running}>
          {scan.running ? 'Scanning…' : 'Scan'}
        </button>
        {scan.running ? <Spinner label="Scanning; results appear when every PC has answered or timed out." /> : null}
      </form>
      {rows.length ? (
        <div className="table-wrap card">
          <table className="scan-table">
            <caption className="sr-only">Scan results. Use the column buttons to sort.</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => {
                  const active = scan.sort.key === c.key;
                  return (
                    <th key={c.key} scope="col" aria-sort={active ? (scan.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" className="sort-button" onClick={() => sortScan(c.key)}>
                        {c.title}
                        <span aria-hidden="true" className="sort-mark">
                          {active ? (scan.sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.target}>
                  <th scope="row" className="mono">
                    {r.target}
                  </th>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{r.summary}</td>
                  <td className="num">{formatMs(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <FleetPanel />
    </div>
  );
}

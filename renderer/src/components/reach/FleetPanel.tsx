// The fleet view: host checks of many hosts through their management path, the same table as the scan, and a
// drill-down into one host (its failed checks and causes, or the management path that failed and its fix).
import { useId, useState } from 'react';
import type { FleetRow } from '../../../../shared/reach';

const STATUS_TEXT: Record<FleetRow['status'], string> = { ok: 'OK', problems: 'Problems', unreachable: 'Unreachable', error: 'Error' };

function topCause(row: FleetRow): string {
  return row.status === 'ok' ? 'No problem found' : (row.causes[0]?.title ?? row.failed.join(', '));
}

function HostDetail({ row }: { row: FleetRow }) {
  return (
    <div className="fleet-detail">
      {row.failed.length ? (
        <p>
          Failed checks: <span className="mono">{row.failed.join(', ')}</span>
        </p>
      ) : null}
      <ol>
        {row.causes.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong>
            {c.evidence.length ? (
              <ul>
                {c.evidence.map((e, i) => (
                  <li key={i} className="muted">
                    {e}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FleetPanel() {
  const [text, setText] = useState('');
  const [rows, setRows] = useState<FleetRow[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { text: useId(), error: useId() };

  async function run() {
    const api = window.rdpDoctor;
    if (!api || !text.trim()) return setError('Type at least one host, one per line.');
    setBusy(true);
    setError(null);
    const answer = await api.invoke('fleet:run', { text });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setRows(answer.value.hosts);
    setOpen(null);
  }

  const count = (s: FleetRow['status']) => rows.filter((r) => r.status === s).length;
  return (
    <section className="fleet" aria-labelledby={`${ids.text}-title`}>
      <h2 id={`${ids.text}-title`} className="page-title">
        Check the hosts themselves (fleet)
      </h2>
      <p className="lead">Runs the host checks on each PC through PowerShell Remoting (or Azure Run Command for azure: lines). Nothing is changed.</p>
      <form
        className="card scan-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label className="field-label" htmlFor={ids.text}>
          Hosts, one per line
        </label>
        <textarea id={ids.text} className="input textarea" rows={5} spellCheck={false} value={text} aria-describedby={ids.error} onChange={(e) => setText(e.target.value)} />
        <p className="field-hint">
          <code>pc-042</code>, or <code>vm-7,azure:/subscriptions/…/virtualMachines/vm-7</code>; in simulation <code>pc-042 scenario=expired-cert</code>.
        </p>
        <p id={ids.error} className="field-error" aria-live="polite">
          {error}
        </p>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Check hosts'}
        </button>
      </form>
      {rows.length ? (
        <div className="table-wrap card">
          <p role="status">
            {rows.length} hosts: {count('ok')} OK, {count('problems')} with problems, {count('unreachable')} unreachable, {count('error')} errors.
          </p>
          <table className="scan-table fleet-table">
            <caption className="sr-only">Fleet results. Open a host to see its checks and causes.</caption>
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Result</th>
                <th scope="col">Top cause</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <FleetTableRow key={r.name} row={r} open={open === r.name} toggle={() => setOpen(open === r.name ? null : r.name)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function FleetTableRow({ row, open, toggle }: { row: FleetRow; open: boolean; toggle: () => void }) {
  return (
    <>
      <tr>
        <th scope="row" className="mono">
          <button type="button" className="sort-button" aria-expanded={open} onClick={toggle}>
            {open ? '▾ ' : '▸ '}
            {row.name}
          </button>
        </th>
        <td>{STATUS_TEXT[row.status]}</td>
        <td>{topCause(row)}</td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={3}>
            <HostDetail row={row} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

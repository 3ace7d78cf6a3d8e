// The fleet view: host checks of many hosts through their management path, the same table as the scan, and a
// drill-down into one host (its failed checks and causes, or the management path that failed and its fix).
import { useId, useState } from 'react';
import type { FleetRow } from '../../../../shared/reach';
import { typedListError } from '../../lib/words';
import { useAppStore } from '../../store/context';

const STATUS_TEXT: Record<FleetRow['status'], string> = { ok: 'OK', problems: 'Problems', unreachable: 'Unreachable', error: 'Error' };

function topCause(row: FleetRow): string {
  return row.status === 'ok' ? 'No problem found' : (row.causes[0]?.title ?? row.failed.join(', '));
}

/** The Azure resource id a fleet line gave for a name (`NAME,azure:ID`), if any. */
function azureIdOf(text: string, name: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^\s,#]+)\s*,\s*azure:(\S+)/.exec(line);
    if (m && m[1]!.toLowerCase() === name.toLowerCase()) return m[2]!;
  }
  return null;
}

function OpenHostButton({ row, text }: { row: FleetRow; text: string }) {
  const store = useAppStore();
  const [error, setError] = useState<string | null>(null);
  async function open() {
    const api = window.rdpDoctor;
    if (!api) return;
    const resourceId = azureIdOf(text, row.name);
    const answer = await api.invoke('host:connect', {
      kind: resourceId ? 'azure' : 'winrm',
      computer: resourceId ? null : row.name,
      user: null,
      https: false,
      resourceId,
    });
    if (!answer.ok) return setError(answer.error.message);
    const state = store.getState();
    store.setState({ info: state.info ? { ...state.info, host: answer.value } : state.info, diagnosis: null, run: null });
    void state.refreshJournal();
    state.go('start');
  }
  return (
    <>
      <button type="button" className="btn" onClick={() => void open()}>
        Open {row.name} as the host
      </button>
      {error ? <p className="field-error">{error}</p> : null}
    </>
  );
}

function HostDetail({ row, text }: { row: FleetRow; text: string }) {
  return (
    <div className="fleet-detail">
      {row.status !== 'unreachable' ? <OpenHostButton row={row} text={text} /> : null}
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
  const [submitted, setSubmitted] = useState('');
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
    if (!answer.ok) return setError(typedListError(answer.error.message));
    setRows(answer.value.hosts);
    setSubmitted(text);
    setOpen(null);
  }

  const count = (s: FleetRow['status']) => rows.filter((r) => r.status === s).length;
  return (
    <section className="fleet" aria-labelledby={`${ids.text}-title`}>
      <h2 id={`${ids.text}-title`} className="page-title">
        Check the hosts themselves (fleet)
      </h2>
      <p className="lead">
        Runs the host checks on each PC through PowerShell Remoting (or Azure Run Command for azure: lines). Nothing is changed.
      </p>
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
        <textarea
          id={ids.text}
          className="input textarea"
          rows={5}
          spellCheck={false}
          value={text}
          aria-describedby={ids.error}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="field-hint">
          <code>pc-042</code>, or <code>vm-7,azure:/subscriptions/…/virtualMachines/vm-7</code>; in simulation{' '}
          <code>pc-042 scenario=expired-cert</code>.
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
            {rows.length} hosts: {count('ok')} OK, {count('problems')} with problems, {count('unreachable')} unreachable, {count('error')}{' '}
            errors.
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
                <FleetTableRow
                  key={r.name}
                  row={r}
                  text={submitted}
                  open={open === r.name}
                  toggle={() => setOpen(open === r.name ? null : r.name)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function FleetTableRow({ row, open, toggle, text }: { row: FleetRow; open: boolean; toggle: () => void; text: string }) {
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
            <HostDetail row={row} text={text} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

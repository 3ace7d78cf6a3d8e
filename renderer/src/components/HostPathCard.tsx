import { hostReach } from '../../../shared/host-reach';
import { useApp } from '../store/context';
import { ScenarioPicker } from './ScenarioPicker';

/**
 * "Diagnose this PC as the host", or "Diagnose pc-042" while another host is connected; on a simulated host
 * (this PC), the scenario picker sits here because it changes only the host.
 */
export function HostPathCard() {
  const info = useApp((s) => s.info);
  const setMode = useApp((s) => s.setMode);
  const run = useApp((s) => s.runDiagnosis);
  const loading = useApp((s) => s.busy.scenario);
  const simulated = info?.host.kind === 'simulated';
  const remote = info?.host.remote ? hostReach(info.host) : null;

  return (
    <section className="card path" aria-labelledby="path-host-title">
      <h2 id="path-host-title" className="path-title" tabIndex={-1}>
        <span className="path-icon" aria-hidden="true">
          ⌂
        </span>
        {remote ? `Diagnose ${remote.name}` : 'Diagnose this PC as the host'}
      </h2>
      <p className="muted">
        {remote ? `The host checks and fixes run on ${remote.name}, reached over ${remote.via}.` : 'Run this on the PC people connect to.'}{' '}
        Checks whether Remote Desktop is on, the firewall, the certificate, the services and the policies that control them.
      </p>
      {remote ? (
        <p className="host-line">
          Host: <strong>{remote.name}</strong>
          {info ? ` (${info.host.computerName}) · ${info.host.os}` : null}
          {remote.identity ? <span className="muted small"> · {remote.identity}</span> : null}
        </p>
      ) : simulated ? (
        <ScenarioPicker />
      ) : (
        <p className="host-line">
          Host: <strong>{info?.host.computerName ?? 'this PC'}</strong>
          {info ? ` · ${info.host.os}` : null}
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary"
        disabled={loading}
        onClick={() => {
          setMode('host');
          void run();
        }}
      >
        {loading ? 'Loading the scenario…' : 'Run all host checks'}
      </button>
    </section>
  );
}

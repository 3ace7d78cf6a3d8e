import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../store/context';
import { targetError } from '../store/app-store';
import { ErrorCodeField } from './ErrorCodeField';
import { ScenarioPicker } from './ScenarioPicker';
import { HostChoice } from './reach/HostChoice';

export function StartScreen() {
  const info = useApp((s) => s.info);
  const targetText = useApp((s) => s.targetText);
  const setTargetText = useApp((s) => s.setTargetText);
  const setMode = useApp((s) => s.setMode);
  const run = useApp((s) => s.runDiagnosis);
  const [touched, setTouched] = useState(false);
  const ids = { target: useId(), hint: useId(), error: useId() };

  const error = targetText.trim() === '' ? (touched ? 'Type the name or address of the PC you connect to.' : null) : targetError(targetText);

  function diagnoseClient(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (targetText.trim() === '' || targetError(targetText)) {
      document.getElementById(ids.target)?.focus();
      return;
    }
    setMode('client');
    void run();
  }

  function diagnoseHost() {
    setMode('host');
    void run();
  }

  const simulated = info?.host.kind === 'simulated';

  return (
    <div className="start">
      <h1 className="page-title">What do you want to check?</h1>
      <p className="lead">
        Pick the side you are on. RDP Doctor runs every check, names the most likely cause, and fixes it with your go-ahead:
        you see every change first, and most can be undone.
      </p>
      {simulated ? (
        <p className="sim-note" role="note">
          <span className="sim-tag">Simulated host</span> <strong>This is not a real Windows PC.</strong> RDP Doctor is not
          running on Windows, so the host side is a model of a Windows PC with a known problem. Host checks and fixes act on
          that model, never on this computer; the connection checks are real.
        </p>
      ) : null}
      <ErrorCodeField />
      <div className="paths">
        <form className="card path" onSubmit={diagnoseClient} noValidate aria-labelledby={`${ids.target}-title`}>
          <h2 id={`${ids.target}-title`} className="path-title">
            <span className="path-icon" aria-hidden="true">⇄</span>
            Diagnose a connection to another PC
          </h2>
          <p className="muted">
            Run this on the PC that shows the error. Checks name lookup, the network path, the Remote Desktop handshake
            and the certificate the other PC presents.
          </p>
          <label className="field-label" htmlFor={ids.target}>
            PC name or address
          </label>
          <input
            id={ids.target}
            className="input"
            type="text"
            name="target"
            autoComplete="off"
            spellCheck={false}
            inputMode="url"
            value={targetText}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${ids.hint} ${ids.error}`}
            onChange={(e) => setTargetText(e.target.value)}
            onBlur={() => targetText && setTouched(true)}
          />
          <p id={ids.hint} className="field-hint">
            For example <code>pc-042</code>, <code>10.0.0.5</code> or <code>10.0.0.5:3390</code> when the port is not
            3389.
          </p>
          <p id={ids.error} className="field-error" aria-live="polite">
            {error ? (
              <>
                <span aria-hidden="true">✕ </span>
                {error}
              </>
            ) : null}
          </p>
          <button type="submit" className="btn btn-primary">
            Diagnose connection
          </button>
        </form>
        <section className="card path" aria-labelledby="path-host-title">
          <h2 id="path-host-title" className="path-title">
            <span className="path-icon" aria-hidden="true">⌂</span>
            Diagnose this PC as the host
          </h2>
          <p className="muted">
            Run this on the PC people connect to. Checks whether Remote Desktop is on, the firewall, the certificate, the
            services and the policies that control them.
          </p>
          {simulated ? (
            <ScenarioPicker />
          ) : (
            <p className="host-line">
              Host: <strong>{info?.host.computerName ?? 'this PC'}</strong>
              {info ? ` · ${info.host.os}` : null}
            </p>
          )}
          <button type="button" className="btn btn-primary" onClick={diagnoseHost}>
            Run all host checks
          </button>
        </section>
      </div>
      <HostChoice />
    </div>
  );
}

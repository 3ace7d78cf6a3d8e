import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../store/context';
import { targetError } from '../store/app-store';

/** "Diagnose a connection to another PC": the target field, validated as the technician types. */
export function ClientPathCard() {
  const targetText = useApp((s) => s.targetText);
  const setTargetText = useApp((s) => s.setTargetText);
  const setMode = useApp((s) => s.setMode);
  const run = useApp((s) => s.runDiagnosis);
  const [touched, setTouched] = useState(false);
  const ids = { target: useId(), hint: useId(), error: useId() };

  const error =
    targetText.trim() === '' ? (touched ? 'Type the name or address of the PC you connect to.' : null) : targetError(targetText);

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

  return (
    <form className="card path" onSubmit={diagnoseClient} noValidate aria-labelledby={`${ids.target}-title`}>
      <h2 id={`${ids.target}-title`} className="path-title">
        <span className="path-icon" aria-hidden="true">
          ⇄
        </span>
        Diagnose a connection to another PC
      </h2>
      <p className="muted">
        Run this on the PC that shows the error. Checks name lookup, the network path, the Remote Desktop handshake and the certificate the
        other PC presents.
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
        For example <code>pc-042</code>, <code>10.0.0.5</code> or <code>10.0.0.5:3390</code> when the port is not 3389.
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
  );
}

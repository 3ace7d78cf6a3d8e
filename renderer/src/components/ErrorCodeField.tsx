// "Which error did Remote Desktop Connection show?": decodes the code pair as it is typed (the same table as
// `rdp-doctor explain`), and the diagnosis then ranks first the checks that can explain it.
import { useId } from 'react';
import { decodeError, parseErrorPair } from '../../../shared/error-codes';
import { useApp } from '../store/context';

type Reading = { kind: 'empty' } | { kind: 'error'; text: string } | { kind: 'ok'; lines: string[]; hostSide: boolean };

function read(text: string): Reading {
  if (text.trim() === '') return { kind: 'empty' };
  const pair = parseErrorPair(text, 'Error code');
  if (!pair.ok) return { kind: 'error', text: pair.error };
  const decoded = decodeError(pair.code, pair.extended);
  if (!decoded.ok) return { kind: 'error', text: decoded.error.replace(/^(code|extended): /, '') };
  const e = decoded.decoded;
  const lines = [`${e.code}: ${e.meaning}`];
  if (e.extended !== null && e.extendedMeaning) lines.push(`${e.extended}: ${e.extendedMeaning}`);
  return { kind: 'ok', lines, hostSide: e.stage === 'after-handshake' };
}

export function ErrorCodeField() {
  const errorText = useApp((s) => s.errorText);
  const setErrorText = useApp((s) => s.setErrorText);
  const ids = { input: useId(), hint: useId(), out: useId() };
  const reading = read(errorText);
  return (
    <div className="card error-code">
      <label className="field-label" htmlFor={ids.input}>
        Which error did Remote Desktop Connection show?
      </label>
      <input
        id={ids.input}
        className="input"
        type="text"
        name="error-code"
        autoComplete="off"
        spellCheck={false}
        placeholder="0x904 / 0x7"
        value={errorText}
        maxLength={40}
        aria-invalid={reading.kind === 'error' ? true : undefined}
        aria-describedby={`${ids.hint} ${ids.out}`}
        onChange={(e) => setErrorText(e.target.value)}
      />
      <p id={ids.hint} className="field-hint">
        Optional. The error code and the extended error code from the message, for example <code>0x904 0x7</code>.
      </p>
      <div id={ids.out} aria-live="polite">
        {reading.kind === 'error' ? (
          <p className="field-error">
            <span aria-hidden="true">✕ </span>
            {reading.text}
          </p>
        ) : null}
        {reading.kind === 'ok' ? (
          <div className="error-meaning">
            {reading.lines.map((l) => (
              <p key={l}>{l}</p>
            ))}
            {reading.hostSide ? <p className="muted">The remote PC answered and then refused: the host side is checked first.</p> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

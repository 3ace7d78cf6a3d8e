import { useEffect, useId, useState } from 'react';
import { useApp } from '../store/context';

/**
 * Only shown when the host is simulated (the start screen says so above the two paths): picks the problem to
 * practise on. It sits in the host card because it changes only the host side.
 */
export function ScenarioPicker() {
  const scenarios = useApp((s) => s.scenarios);
  const host = useApp((s) => s.info?.host);
  const busy = useApp((s) => s.busy.scenario);
  const select = useApp((s) => s.selectScenario);
  const [choice, setChoice] = useState(host?.scenario ?? '');
  const id = useId();

  useEffect(() => {
    if (host?.scenario) setChoice(host.scenario);
  }, [host?.scenario]);

  const chosen = scenarios.find((s) => s.name === choice);
  const loaded = choice === host?.scenario;

  return (
    <form
      className="scenario-form"
      aria-label="Simulated host"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) void select(choice);
      }}
    >
      <label className="field-label" htmlFor={id}>
        Scenario
      </label>
      <div className="scenario-row">
        <select id={id} className="input" value={choice} onChange={(e) => setChoice(e.target.value)} aria-describedby={`${id}-summary`}>
          {scenarios.length === 0 ? <option value="">(no scenarios found)</option> : null}
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn" disabled={busy || !choice}>
          {busy ? 'Loading…' : loaded ? 'Reset scenario' : 'Load scenario'}
        </button>
      </div>
      <p id={`${id}-summary`} className="field-hint scenario-summary">
        {chosen ? chosen.summary : ' '}
        {loaded ? <span className="loaded-note"> (loaded now)</span> : choice ? <span className="warn-text"> (not loaded yet: select Load scenario)</span> : null}
      </p>
    </form>
  );
}

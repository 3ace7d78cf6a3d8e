import { useEffect, useId, useState } from 'react';
import { useApp } from '../store/context';

/** Only shown when the host is simulated: says so plainly, and lets the technician pick what to practise on. */
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
    <section className="card scenario" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        <span className="sim-tag">Simulated host</span> This is not a real Windows PC
      </h2>
      <p>
        RDP Doctor is not running on Windows, so the host side is <strong>simulated</strong>: a model of a Windows PC
        with a known problem. Checks and fixes act on that model, never on this computer.
      </p>
      <form
        className="scenario-form"
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
          {loaded ? <span className="loaded-note"> (loaded now)</span> : null}
        </p>
      </form>
    </section>
  );
}

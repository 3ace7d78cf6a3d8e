import { useEffect, useId, useRef, useState } from 'react';
import { useApp } from '../store/context';

/**
 * Only shown when the host is simulated (the start screen says so above the two paths): picks the problem to
 * practise on. Choosing a scenario loads it at once, so "Run all host checks" never runs the previous host;
 * focus then lands on the line that says what is loaded.
 */
export function ScenarioPicker() {
  const scenarios = useApp((s) => s.scenarios);
  const host = useApp((s) => s.info?.host);
  const busy = useApp((s) => s.busy.scenario);
  const select = useApp((s) => s.selectScenario);
  const [choice, setChoice] = useState(host?.scenario ?? '');
  const loadedLine = useRef<HTMLParagraphElement>(null);
  const justLoaded = useRef(false);
  const id = useId();

  // The choice follows the loaded scenario whenever it changes or a load ends (a failed load shows what is
  // loaded again): state adjusted while rendering, as React recommends, not in an effect.
  const loadKey = `${host?.scenario ?? ''}|${busy}`;
  const [seenKey, setSeenKey] = useState(loadKey);
  if (seenKey !== loadKey) {
    setSeenKey(loadKey);
    if (host?.scenario) setChoice(host.scenario);
  }

  useEffect(() => {
    if (justLoaded.current) {
      justLoaded.current = false;
      loadedLine.current?.focus();
    }
  }, [host?.scenario, busy]);

  async function load(name: string) {
    if (!name) return;
    justLoaded.current = true;
    await select(name);
  }

  const chosen = scenarios.find((s) => s.name === choice);
  const loaded = choice === host?.scenario;

  return (
    <form
      className="scenario-form"
      aria-label="Simulated host"
      onSubmit={(e) => {
        e.preventDefault();
        void load(choice);
      }}
    >
      <label className="field-label" htmlFor={id}>
        Scenario
      </label>
      <div className="scenario-row">
        <select
          id={id}
          className="input"
          value={choice}
          disabled={busy}
          onChange={(e) => {
            setChoice(e.target.value);
            void load(e.target.value);
          }}
          aria-describedby={`${id}-summary`}
        >
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
      <p
        id={`${id}-summary`}
        ref={loadedLine}
        tabIndex={-1}
        className="field-hint scenario-summary"
        data-scenario-loaded={loaded ? host?.scenario : undefined}
      >
        {busy ? 'Loading…' : chosen ? chosen.summary : ' '}
        {!busy && loaded ? <span className="loaded-note"> (loaded now)</span> : null}
      </p>
    </form>
  );
}

import { useEffect, useRef } from 'react';
import { hostReach } from '../../../shared/host-reach';
import { useApp } from '../store/context';
import { ResultCard } from './ResultCard';
import { Checklist } from './Checklist';
import { ProbePath } from './ProbePath';
import { RunProgress } from './RunProgress';

export function DiagnosisScreen() {
  const run = useApp((s) => s.run);
  const diagnosis = useApp((s) => s.diagnosis);
  const runAgain = useApp((s) => s.runDiagnosis);
  const go = useApp((s) => s.go);
  const heading = useRef<HTMLHeadingElement>(null);
  const target = run?.target ?? diagnosis?.target ?? null;
  const infoHost = useApp((s) => s.info?.host);
  // The host this diagnosis ran on (while it runs: the connected one), named with how it was reached.
  const host = diagnosis?.host ?? infoHost;
  const remote = host?.remote ? hostReach(host) : null;
  const runId = diagnosis?.runId;

  // When results arrive, move focus to the answer so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (runId) document.getElementById('cause-title')?.focus();
  }, [runId]);

  return (
    <div className="diagnosis">
      <div className="screen-head">
        <h1 className="page-title" ref={heading}>
          {target ? (
            <>
              Connection to <span className="mono">{target}</span>
            </>
          ) : remote ? (
            `${remote.name} as the host`
          ) : (
            'This PC as the host'
          )}
        </h1>
        {diagnosis ? (
          <div className="screen-actions">
            <button type="button" className="btn" onClick={() => void runAgain()}>
              Run all again
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => go('start')}>
              New diagnosis
            </button>
          </div>
        ) : null}
      </div>
      {remote && !target ? (
        <p className="muted host-reached">
          Reached over {remote.via}
          {remote.identity ? ` · ${remote.identity}` : ''}
        </p>
      ) : null}
      {diagnosis ? (
        <>
          {diagnosis.cancelled ? (
            <p className="note" role="status">
              The run was cancelled. The results below are the checks that finished.
            </p>
          ) : null}
          <ResultCard diagnosis={diagnosis} />
          {diagnosis.target ? <ProbePath findings={diagnosis.findings} /> : null}
          <Checklist findings={diagnosis.findings} causeOrder={diagnosis.causes.map((c) => c.checkId)} />
        </>
      ) : run ? (
        <RunProgress />
      ) : (
        <p className="muted">
          Nothing has run yet.{' '}
          <button type="button" className="btn btn-quiet" onClick={() => go('start')}>
            Start a diagnosis
          </button>
        </p>
      )}
    </div>
  );
}

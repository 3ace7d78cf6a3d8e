import type { Diagnosis } from '../../../shared/model';
import { outcome, type Conclusion } from '../../../shared/fix-order';
import { useApp } from '../store/context';
import { openDowngrades } from '../store/app-store';
import { OpenProblem, SettledProblem } from './ProblemItem';

const EYEBROW: Record<Conclusion, string> = {
  'not-checked': 'Result',
  'no-problem': 'Result',
  problems: 'Result',
  fixed: 'Conclusion: fixed',
  'needs-follow-up': 'Conclusion: needs follow-up',
  'not-fixed': 'Conclusion: not fixed yet',
};

const TONE: Record<Conclusion, string> = {
  'not-checked': 'cause-unknown',
  'no-problem': 'cause-ok',
  problems: 'cause-problem',
  fixed: 'cause-ok',
  'needs-follow-up': 'cause-unknown',
  'not-fixed': 'cause-problem',
};

/**
 * The answer first, like Windows' troubleshooters: how many problems, in the order to fix them (the path a
 * connection takes), the next step as the one big button, and once something changed the conclusion: fixed,
 * not fixed, or needs follow-up. Every line is the host as it reads now; what the first run found stays
 * visible as "Was".
 */
export function ResultCard({ diagnosis }: { diagnosis: Diagnosis }) {
  const journal = useApp((s) => s.journal);
  const baseline = useApp((s) => s.baseline);
  const runAgain = useApp((s) => s.runDiagnosis);
  const o = outcome(baseline.length ? baseline : diagnosis.findings, diagnosis.findings, journal, diagnosis.host.computerName);
  const downgraded = new Set(openDowngrades(journal).map((e) => e.checkId));
  const byId = new Map(diagnosis.findings.map((f) => [f.id, f]));
  const settled = o.found.filter((f) => byId.get(f.id)?.status === 'pass');
  // Likelihood tells possible causes apart; with one (or none) it says nothing a proven fact does not.
  const possible = o.open.filter((p) => !p.proven);
  const confidenceOf = (checkId: string) =>
    possible.length > 1 && possible.some((p) => p.finding.id === checkId)
      ? (diagnosis.causes.find((c) => c.checkId === checkId)?.confidence ?? null)
      : null;
  const counts = `${diagnosis.findings.filter((f) => f.status === 'pass').length} of ${diagnosis.findings.length} checks passed.`;

  return (
    <section className={`card cause ${TONE[o.conclusion]}`} aria-labelledby="cause-title" data-conclusion={o.conclusion}>
      <p className="eyebrow">{EYEBROW[o.conclusion]}</p>
      <h2 id="cause-title" className="cause-title" tabIndex={-1}>
        {diagnosis.cancelled ? 'The run was cancelled before every check finished. ' : ''}
        {o.conclusion === 'no-problem' ? 'No problem found: this side is ready for Remote Desktop.' : o.headline}
      </h2>
      {o.open.length > 1 ? (
        <p className="muted">
          Fix them in this order: a connection crosses the network, the firewall, the listener, TLS and the certificate, then Network Level
          Authentication; a later problem may only be a consequence of an earlier one.
        </p>
      ) : null}
      {o.open.length || settled.length ? (
        <ol className="problems" aria-label="Problems, in the order to fix them">
          {settled.map((f) => (
            <SettledProblem key={f.id} found={f} now={byId.get(f.id)} workaround={downgraded.has(f.id)} />
          ))}
          {o.open.map((p, i) => (
            <OpenProblem key={p.finding.id} problem={p} index={i} next={i === 0} confidence={confidenceOf(p.finding.id)} />
          ))}
        </ol>
      ) : null}
      <div className="conclusion-next">
        <p className={o.conclusion === 'fixed' || o.conclusion === 'no-problem' ? 'ok-line' : 'muted'}>
          {o.conclusion === 'problems' ? counts : `${o.next} ${counts}`}
        </p>
        {o.open.length === 0 && (o.conclusion === 'fixed' || o.conclusion === 'needs-follow-up') ? (
          <button type="button" className="btn btn-primary" onClick={() => void runAgain()}>
            Run all checks again
          </button>
        ) : null}
      </div>
    </section>
  );
}

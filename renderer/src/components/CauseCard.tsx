import type { Diagnosis } from '../../../shared/model';
import { useApp } from '../store/context';
import { openDowngrades } from '../store/app-store';
import { DisabledReason } from './FixButtons';

function confidenceWord(c: number): string {
  if (c >= 0.75) return 'high';
  if (c >= 0.4) return 'medium';
  return 'low';
}

/** The answer first: the most likely cause in one sentence, its evidence, and one button. */
export function CauseCard({ diagnosis }: { diagnosis: Diagnosis }) {
  const openFix = useApp((s) => s.openFix);
  const journal = useApp((s) => s.journal);
  const runAgain = useApp((s) => s.runDiagnosis);
  const cause = diagnosis.causes[0];
  const problems = diagnosis.findings.filter((f) => f.status === 'fail' || f.status === 'error');

  if (!cause) {
    const passed = diagnosis.findings.filter((f) => f.status === 'pass').length;
    return (
      <section className={`card cause ${problems.length ? 'cause-unknown' : 'cause-ok'}`} aria-labelledby="cause-title">
        <p className="eyebrow">Result</p>
        <h2 id="cause-title" className="cause-title" tabIndex={-1}>
          {diagnosis.cancelled
            ? 'The run was cancelled before every check finished.'
            : problems.length
              ? 'Some checks failed, but none of them explains the error on its own.'
              : 'No problem found: this side is ready for Remote Desktop.'}
        </h2>
        <p className="muted">
          {passed} of {diagnosis.findings.length} checks passed.
          {problems.length ? ' Look at the failed checks below; each one says what it found.' : ''}
        </p>
      </section>
    );
  }

  const [checkId, fixId] = cause.fix ? cause.fix.split('/') : [null, null];
  const finding = diagnosis.findings.find((f) => f.id === (checkId ?? cause.checkId));
  const fix = finding?.fixes.find((x) => x.id === fixId);
  const passes = diagnosis.findings.find((f) => f.id === cause.checkId)?.status === 'pass';
  // A pass bought with a security downgrade is a workaround, not a fix.
  const workaround = passes && openDowngrades(journal).some((e) => e.checkId === cause.checkId);
  const fixed = passes && !workaround;
  const others = diagnosis.causes.slice(1, 4);

  return (
    <section className={`card cause ${fixed ? 'cause-ok' : workaround ? 'cause-unknown' : 'cause-problem'}`} aria-labelledby="cause-title">
      <p className="eyebrow">{fixed ? 'Fixed' : workaround ? 'Worked around, security lowered' : 'Most likely cause'}</p>
      <h2 id="cause-title" className="cause-title" tabIndex={-1}>
        {cause.title}
      </h2>
      {cause.evidence.length ? (
        <ul className="cause-evidence" aria-label="Evidence">
          {cause.evidence.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted confidence" title="How sure RDP Doctor is, from how many checks point at this cause.">
        Confidence: {confidenceWord(cause.confidence)} ({Math.round(cause.confidence * 100)}%)
      </p>
      <div className="cause-actions">
        {workaround ? (
          <p className="warn-line">
            <span aria-hidden="true">! </span>The check passes, but only because security is lowered. Test the connection now,
            then revert it from the banner above and make the lasting fix.
          </p>
        ) : fixed ? (
          <>
            <p className="ok-line">
              <span aria-hidden="true">✓ </span>The check passes now. Run everything again to make sure nothing else is
              wrong.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => void runAgain()}>
              Run all checks again
            </button>
          </>
        ) : fix && checkId && fixId ? (
          <>
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={!!fix.disabledReason}
              onClick={() => void openFix(checkId, fixId)}
            >
              Fix this
            </button>
            <span className="muted">{fix.title}: you will see what changes before anything happens.</span>
            <DisabledReason fix={fix} />
          </>
        ) : (
          <p className="muted">There is no automatic fix for this. The check below explains what to do.</p>
        )}
      </div>
      {others.length ? (
        <div className="other-causes">
          <h3 className="small-title">Other possible causes</h3>
          <ul>
            {others.map((c) => (
              <li key={c.id}>
                {c.title} <span className="muted">({Math.round(c.confidence * 100)}%)</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

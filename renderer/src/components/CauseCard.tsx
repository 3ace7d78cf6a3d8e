import type { Cause, Diagnosis } from '../../../shared/model';
import { useApp } from '../store/context';
import { openDowngrades } from '../store/app-store';
import { DisabledReason } from './FixButtons';
import { Plain } from './Plain';
import { showCheck } from '../lib/show-check';

function confidenceWord(c: number): string {
  if (c >= 0.75) return 'high';
  if (c >= 0.4) return 'medium';
  return 'low';
}

/**
 * The answer first: the most likely cause in one sentence, its evidence, and one button. Once a cause's check
 * passes the card moves on to the next cause, so with several faults the technician is led through them in
 * order and always has one next step.
 */
export function CauseCard({ diagnosis }: { diagnosis: Diagnosis }) {
  const openFix = useApp((s) => s.openFix);
  const journal = useApp((s) => s.journal);
  const runAgain = useApp((s) => s.runDiagnosis);
  const problems = diagnosis.findings.filter((f) => f.status === 'fail' || f.status === 'error');
  const statusOf = (c: Cause) => diagnosis.findings.find((f) => f.id === c.checkId)?.status;
  const downgraded = new Set(openDowngrades(journal).map((e) => e.checkId));
  // A pass bought with a security downgrade is a workaround, not a fix.
  const settled = diagnosis.causes.filter((c) => statusOf(c) === 'pass');
  const open = diagnosis.causes.filter((c) => statusOf(c) !== 'pass');
  const current = open[0];

  if (diagnosis.causes.length === 0) {
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
          {problems.length ? ' Look at the failed checks below, at the top of the list; each one says what it found.' : ''}
        </p>
      </section>
    );
  }

  const cause = current ?? settled.find((c) => downgraded.has(c.checkId)) ?? diagnosis.causes[0]!;
  const [checkId, fixId] = cause.fix ? cause.fix.split('/') : [null, null];
  const finding = diagnosis.findings.find((f) => f.id === (checkId ?? cause.checkId));
  const causeFinding = diagnosis.findings.find((f) => f.id === cause.checkId);
  const fix = finding?.fixes.find((x) => x.id === fixId);
  const workaround = !current && downgraded.has(cause.checkId);
  const fixed = !current && !workaround;
  const onOtherPc = !!diagnosis.target && causeFinding?.side === 'client' && causeFinding.related.some((r) => r.startsWith('host.'));
  const others = open.filter((c) => c !== cause).slice(0, 3);
  const eyebrow = fixed
    ? settled.length > 1
      ? 'All likely causes fixed'
      : 'Fixed'
    : workaround
      ? 'Worked around, security lowered'
      : settled.length
        ? `Next likely cause (${settled.length + 1} of ${diagnosis.causes.length})`
        : 'Most likely cause';

  return (
    <section className={`card cause ${fixed ? 'cause-ok' : workaround ? 'cause-unknown' : 'cause-problem'}`} aria-labelledby="cause-title">
      {current && settled.length ? (
        <ul className="settled" aria-label="Causes already dealt with">
          {settled.map((c) => (
            <li key={c.id} className={downgraded.has(c.checkId) ? 'settled-warn' : 'settled-ok'}>
              <span aria-hidden="true">{downgraded.has(c.checkId) ? '! ' : '✓ '}</span>
              {downgraded.has(c.checkId) ? 'Worked around, security lowered: ' : 'Fixed: '}
              <Plain text={c.title} />
            </li>
          ))}
        </ul>
      ) : null}
      <p className="eyebrow">{eyebrow}</p>
      <h2 id="cause-title" className="cause-title" tabIndex={-1}>
        <Plain text={cause.title} />
      </h2>
      {cause.evidence.length ? (
        <ul className="cause-evidence" aria-label="Evidence">
          {cause.evidence.map((e, i) => (
            <li key={i}>
              <Plain text={e} />
            </li>
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
        ) : onOtherPc ? (
          <p className="next-step">
            <strong>What to do next:</strong> the cause is on <span className="mono">{diagnosis.target}</span> or on the way
            to it, so nothing can be fixed from here. On that PC, run RDP Doctor and choose “Diagnose this PC as the host”.
          </p>
        ) : (
          <p className="next-step">
            <strong>What to do next:</strong> there is no automatic fix for this. The check below says what it found.{' '}
            <button type="button" className="btn btn-small btn-quiet" onClick={() => showCheck(cause.checkId)}>
              Show the check
            </button>
          </p>
        )}
      </div>
      {others.length ? (
        <div className="other-causes">
          <h3 className="small-title">{current ? 'Other possible causes, still open' : 'Other possible causes'}</h3>
          <ul>
            {others.map((c) => (
              <li key={c.id}>
                <Plain text={c.title} /> <span className="muted">({Math.round(c.confidence * 100)}%)</span>{' '}
                <button
                  type="button"
                  className="btn btn-small btn-quiet btn-inline"
                  aria-label={`Show the check for: ${c.title}`}
                  onClick={() => showCheck(c.checkId)}
                >
                  Show
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

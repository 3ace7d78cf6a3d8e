import type { Finding } from '../../../shared/model';
import { PATH_STEPS, type Problem } from '../../../shared/fix-order';
import { showCheck } from '../lib/show-check';
import { primaryFix } from '../lib/fix-choice';
import { useApp } from '../store/context';
import { DisabledReason, FixButtons } from './FixButtons';
import { Plain } from './Plain';

const stepTitle = (id: string) => PATH_STEPS.find((s) => s.id === id)?.title ?? id;

function likelihood(c: number): string {
  if (c >= 0.75) return 'likely';
  if (c >= 0.4) return 'possible';
  return 'unlikely';
}

/**
 * One open problem. A failed check is a proven fact ("Found"); only a warning is a possible cause, and its
 * likelihood shows only when `rank` says it must be told apart from other possible causes.
 */
export function OpenProblem({
  problem,
  index,
  next,
  confidence,
}: {
  problem: Problem;
  index: number;
  next: boolean;
  confidence: number | null;
}) {
  const openFix = useApp((s) => s.openFix);
  const f = problem.finding;
  const fix = primaryFix(f);
  return (
    <li className={`problem problem-open${next ? ' problem-next' : ''}`} data-check-id={f.id}>
      <p className="problem-step">
        <span className="problem-number">{index + 1}</span> {stepTitle(problem.step)} ·{' '}
        <span className={problem.proven ? 'tag tag-fail' : 'tag tag-warn'}>
          {problem.proven ? 'Found' : f.status === 'error' ? 'Could not check' : 'Possible cause'}
          {confidence !== null ? `, ${likelihood(confidence)}` : ''}
        </span>
      </p>
      <p className="problem-verdict">
        <Plain text={f.verdict} />
      </p>
      {problem.symptoms.length ? (
        <p className="muted problem-symptoms">Also explains: {problem.symptoms.map((s) => s.title).join('; ')}.</p>
      ) : null}
      {next ? (
        <div className="cause-actions">
          {fix ? (
            <>
              <button
                type="button"
                className="btn btn-primary btn-large"
                disabled={!!fix.disabledReason}
                onClick={() => void openFix(f.id, fix.id)}
              >
                Fix this
              </button>
              {/* A disabled button promises nothing: its reason replaces the "you will see what changes" line. */}
              {fix.disabledReason ? (
                <DisabledReason fix={fix} />
              ) : (
                <span className="muted">{fix.title}: you will see what changes before anything happens.</span>
              )}
            </>
          ) : null}
          {f.fixes.some((x) => x !== fix) ? <OtherFixes finding={f} /> : null}
          {f.fixes.length === 0 ? <NoAutomaticFix checkId={f.id} /> : null}
        </div>
      ) : (
        <button type="button" className="btn btn-small btn-quiet" aria-label={`Show the check: ${f.title}`} onClick={() => showCheck(f.id)}>
          Show the check
        </button>
      )}
    </li>
  );
}

/** Workarounds and gentler alternatives, below the lasting fix and never as the big button. */
function OtherFixes({ finding }: { finding: Finding }) {
  const lasting = primaryFix(finding);
  const others: Finding = { ...finding, fixes: finding.fixes.filter((x) => x !== lasting) };
  return (
    <div className="other-fixes">
      {lasting ? (
        <p className="muted other-fixes-label">Another way, if the fix above is not enough:</p>
      ) : (
        <p className="warn-line">
          <span aria-hidden="true">! </span>There is no lasting fix RDP Doctor can make here (the verdict says what to do). A workaround
          that lowers security is available for a test:
        </p>
      )}
      <FixButtons finding={others} />
    </div>
  );
}

function NoAutomaticFix({ checkId }: { checkId: string }) {
  const target = useApp((s) => s.diagnosis?.target ?? null);
  const finding = useApp((s) => s.diagnosis?.findings.find((f) => f.id === checkId));
  const onOtherPc = !!target && finding?.side === 'client' && finding.related.some((r) => r.startsWith('host.'));
  return onOtherPc ? (
    <p className="next-step">
      <strong>What to do next:</strong> the cause is on <span className="mono">{target}</span> or on the way to it, so nothing can be fixed
      from here. On that PC, run RDP Doctor and choose “Diagnose this PC as the host”.
    </p>
  ) : (
    <p className="next-step">
      <strong>What to do next:</strong> there is no automatic fix for this; the verdict says what to do.{' '}
      <button type="button" className="btn btn-small btn-quiet" onClick={() => showCheck(checkId)}>
        Show the check
      </button>
    </p>
  );
}

/** A problem the first run found that passes now: what it was, and what the check reads now. */
export function SettledProblem({ found, now, workaround }: { found: Finding; now: Finding | undefined; workaround: boolean }) {
  return (
    <li className={`problem ${workaround ? 'problem-workaround' : 'problem-fixed'}`} data-check-id={found.id}>
      <p className="problem-step">
        <span aria-hidden="true">{workaround ? '! ' : '✓ '}</span>
        <strong>{workaround ? 'Worked around, security lowered' : 'Fixed'}</strong> · {found.title}
      </p>
      <p className="problem-was muted">
        Was: <Plain text={found.verdict} />
      </p>
      {now ? (
        <p className="problem-now">
          Now: <Plain text={now.verdict} />
        </p>
      ) : null}
    </li>
  );
}

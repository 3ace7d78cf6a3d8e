// The report's conclusion (found first → changed → now), from the shared fix order the app's card uses, so the
// report and the screen never disagree.
import { PATH_STEPS, outcome, stepOf } from '../../shared/fix-order';
import type { Finding, JournalEntry } from '../../shared/model';
import type { OutcomeProblem, ReportOutcome } from '../../shared/report';
import { primaryFixTitle } from './fix-title';

function line(found: Finding, now: Finding | undefined, downgraded: ReadonlySet<string>): OutcomeProblem {
  const step = stepOf(found);
  return {
    checkId: found.id,
    checkTitle: found.title,
    step,
    stepTitle: PATH_STEPS.find((s) => s.id === step)?.title ?? step,
    proven: found.status === 'fail',
    found: found.verdict,
    now: now ? now.verdict : null,
    nowStatus: now ? now.status : null,
    fixTitle: primaryFixTitle(now ?? found),
    workaround: now?.status === 'pass' && downgraded.has(found.id),
  };
}

/**
 * Without the first run's findings (a report made by a later CLI run), the journal still says what was changed:
 * each check a fix changed was a problem, found before this run.
 */
function foundFromJournal(now: readonly Finding[], journal: readonly JournalEntry[]): Finding[] {
  const changed = new Map(journal.filter((e) => e.state === 'applied').map((e) => [e.checkId, e]));
  return now.map((f) => {
    const entry = changed.get(f.id);
    return entry && f.status === 'pass'
      ? { ...f, status: 'fail' as const, verdict: `A problem found before this run, changed by “${entry.title}”.` }
      : f;
  });
}

/** `first`: the findings of the first run on this host (empty: the current run is the first). */
export function reportOutcome(
  first: readonly Finding[],
  now: readonly Finding[],
  journal: readonly JournalEntry[],
  hostName?: string,
): ReportOutcome {
  const o = outcome(first.length ? first : foundFromJournal(now, journal), now, journal, hostName);
  const byId = new Map(now.map((f) => [f.id, f]));
  const downgraded = new Set(o.downgrades.map((e) => e.checkId));
  return {
    conclusion: o.conclusion,
    headline: o.headline,
    next: o.next,
    found: o.found.map((f) => line(f, byId.get(f.id), downgraded)),
    open: o.open.map((p) => line(p.finding, p.finding, downgraded)),
  };
}

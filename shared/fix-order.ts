// The problems of a diagnosis in the order to fix them, and the conclusion a technician reports: found, fixed,
// not fixed, needs follow-up. Pure and shared, so the renderer's card, "Copy summary" and the exported report
// say the same thing. A connection breaks at the first step of its path that fails, so problems are fixed in
// the path's order: network, firewall, listener, TLS and certificate, NLA, user rights and limits, then what
// only explains or follows (policy, event log, client leftovers, facts).
import type { Finding, JournalEntry } from './model';

export const PATH_STEPS = [
  // Before the path: a host where RDP Doctor's scripts cannot run has every other host check skipped behind it.
  { id: 'scripts', title: 'Running the host checks' },
  { id: 'network', title: 'Network' },
  { id: 'firewall', title: 'Firewall and port' },
  { id: 'listener', title: 'Remote Desktop and its listener' },
  { id: 'tls', title: 'TLS and certificate' },
  { id: 'nla', title: 'Network Level Authentication' },
  { id: 'rights', title: 'User rights and limits' },
  { id: 'policy', title: 'Policy' },
  { id: 'events', title: 'Event log' },
  { id: 'client', title: 'This PC' },
  { id: 'facts', title: 'Facts' },
] as const;
type PathStep = (typeof PATH_STEPS)[number]['id'];

/** Checks by the step of the path they test; a check not listed falls back on its layer. */
const STEP_OF: Record<string, PathStep> = {
  'host.powershell': 'scripts',
  'client.dns': 'network',
  'client.ip-vs-name': 'network',
  'client.tcp': 'network',
  'client.winsock': 'network',
  'host.firewall': 'firewall',
  'host.port': 'firewall',
  'host.rdp-enabled': 'listener',
  'host.service': 'listener',
  'host.listener': 'listener',
  'client.rdp-negotiation': 'listener',
  'host.security-layer': 'tls',
  'host.schannel': 'tls',
  'host.machinekeys': 'tls',
  'host.certificate': 'tls',
  'client.tls-certificate': 'tls',
  'host.nla': 'nla',
  'client.credssp': 'nla',
  'client.identity': 'nla',
  'host.user-rights': 'rights',
  'host.session-limits': 'rights',
  'host.licensing': 'rights',
  'host.group-policy': 'policy',
  'host.events': 'events',
};

const STEP_OF_LAYER: Record<Finding['layer'], PathStep> = {
  network: 'network',
  negotiation: 'listener',
  certificate: 'tls',
  'host-configuration': 'firewall',
  services: 'listener',
  policy: 'policy',
  events: 'events',
  'client-leftovers': 'client',
  information: 'facts',
};

export function stepOf(f: Pick<Finding, 'id' | 'layer'>): PathStep {
  return STEP_OF[f.id] ?? STEP_OF_LAYER[f.layer];
}

const stepIndex = (f: Pick<Finding, 'id' | 'layer'>) => PATH_STEPS.findIndex((s) => s.id === stepOf(f));
/** Inside a step, the order of STEP_OF: what a connection meets first (the security layer before the certificate). */
const CHECK_ORDER = Object.keys(STEP_OF);
const checkIndex = (id: string) => (CHECK_ORDER.includes(id) ? CHECK_ORDER.indexOf(id) : CHECK_ORDER.length);

function isProblem(f: Finding): boolean {
  return f.status === 'fail' || f.status === 'error' || f.status === 'warn';
}

/**
 * Errors in the event log that point only at checks which pass now and were changed by a fix: they were logged
 * before that fix, so they are history, not a current cause.
 */
export function isHistoryOnly(f: Finding, findings: readonly Finding[], journal: readonly JournalEntry[]): boolean {
  if (f.layer !== 'events' || f.related.length === 0) return false;
  const byId = new Map(findings.map((x) => [x.id, x]));
  const fixed = new Set(journal.filter((e) => e.state === 'applied').map((e) => e.checkId));
  const related = f.related.filter((r) => byId.has(r));
  return related.length > 0 && related.every((r) => byId.get(r)!.status === 'pass') && related.some((r) => fixed.has(r));
}

/** A problem whose explaining check also fails is that check's symptom: it is listed under it, not on its own. */
function symptomOf(f: Finding, problems: readonly Finding[]): Finding | undefined {
  if (f.layer !== 'events' && f.status !== 'warn') return undefined;
  return problems.find((p) => p.id !== f.id && f.related.includes(p.id) && p.status === 'fail');
}

export interface Problem {
  finding: Finding;
  step: PathStep;
  /** Problems that only follow from this one (an event pointing at it). */
  symptoms: Finding[];
  /** A fail is a proven fact; a warning is a possible cause. */
  proven: boolean;
}

/** The current problems, roots only, in the order to fix them. */
export function problemsInFixOrder(findings: readonly Finding[], journal: readonly JournalEntry[] = []): Problem[] {
  const current = findings.filter((f) => isProblem(f) && !isHistoryOnly(f, findings, journal));
  const roots = current.filter((f) => !symptomOf(f, current));
  // A problem that points at another open problem (no certificate because MachineKeys is broken; standard RDP
  // negotiated because SecurityLayer is 0) comes right after it: fixing that one first may fix it too.
  const byId = new Map(roots.map((f) => [f.id, f]));
  const explainedBy = (f: Finding) => f.related.map((r) => byId.get(r)).filter((x): x is Finding => !!x && x.id !== f.id);
  const step = (f: Finding) => Math.max(stepIndex(f), ...explainedBy(f).map(stepIndex));
  const order = (f: Finding) =>
    step(f) * 10_000 +
    (explainedBy(f).length ? 1000 : 0) +
    checkIndex(f.id) * 10 +
    (f.status === 'fail' ? 0 : f.status === 'error' ? 1 : 2);
  return roots
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || a.i - b.i)
    .map(({ f }) => ({
      finding: f,
      step: stepOf(f),
      symptoms: current.filter((s) => symptomOf(s, current)?.id === f.id),
      proven: f.status === 'fail',
    }));
}

export type Conclusion = 'not-checked' | 'no-problem' | 'problems' | 'fixed' | 'not-fixed' | 'needs-follow-up';

export interface Outcome {
  conclusion: Conclusion;
  /** Problems found by the first run (what the technician came with). */
  found: Finding[];
  /** Of those, the ones that pass now (a lasting fix). */
  fixedNow: Finding[];
  /** Of those, the ones that pass only because a security downgrade made by this app is in place. */
  workedAround: Finding[];
  /** Problems open now, in fix order. */
  open: Problem[];
  /** Security downgrades made by this app and still in place. */
  downgrades: JournalEntry[];
  headline: string;
  next: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The host's last boot as host.os read it, or null when unknown (not read, or the simulator, which never restarts). */
function lastBootOf(now: readonly Finding[]): number | null {
  const value = now.find((f) => f.id === 'host.os')?.evidence.find((e) => e.label === 'last boot')?.value;
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? null : t;
}

/**
 * Applied fixes that take effect only after a restart and were applied after the last boot: until that restart
 * the problem is not fixed, however the registry reads. With no known boot time they stay pending.
 */
function restartsPending(now: readonly Finding[], journal: readonly JournalEntry[]): JournalEntry[] {
  const boot = lastBootOf(now);
  return journal.filter(
    (e) => e.state === 'applied' && e.needsRestart === true && (boot === null || !e.appliedAt || Date.parse(e.appliedAt) > boot),
  );
}

/** "restart WS-01 (…)": which machine to restart for which pending change; a client fix restarts this PC. */
function restartStep(pending: readonly JournalEntry[], hostName: string): string {
  const machines = [...new Set(pending.map((e) => (e.checkId.startsWith('client.') ? 'this PC' : hostName)))];
  const titles = pending.map((e) => `“${e.title}”`).join(', ');
  return `Needs follow-up: restart ${machines.join(' and ')} (${titles} ${pending.length === 1 ? 'takes' : 'take'} effect only after a restart; RDP Doctor does not restart it)`;
}

/**
 * What happened to the problems the first run found. `first` is that run's findings; `now` the same checks as
 * they read now (after fixes, undos and re-checks).
 */
export function outcome(
  first: readonly Finding[],
  now: readonly Finding[],
  journal: readonly JournalEntry[],
  hostName = 'the host',
): Outcome {
  const found = problemsInFixOrder(first, journal).map((p) => p.finding);
  const byId = new Map(now.map((f) => [f.id, f]));
  // A problem found first and not read since is still open as far as anyone knows: it must never count as fixed.
  const open = problemsInFixOrder([...now, ...found.filter((f) => !byId.has(f.id))], journal);
  const openIds = new Set(open.map((p) => p.finding.id));
  const downgrades = journal.filter((e) => e.lowersSecurity && e.state === 'applied');
  // A check that passes because its security was lowered is worked around, not fixed: the report must not
  // count it with the lasting fixes.
  const downgraded = new Set(downgrades.map((e) => e.checkId));
  const passing = found.filter((f) => !openIds.has(f.id) && byId.get(f.id)?.status === 'pass');
  const fixedNow = passing.filter((f) => !downgraded.has(f.id));
  const workedAround = passing.filter((f) => downgraded.has(f.id));
  const changed = journal.some((e) => e.state === 'applied' || e.state === 'rolled-back');
  let conclusion: Conclusion;
  // Nothing read (a report exported before any run, a run cancelled at once): "no problem found" would be a claim.
  if (first.length === 0 && now.length === 0 && downgrades.length === 0) conclusion = 'not-checked';
  else if (open.length === 0 && found.length === 0 && downgrades.length === 0) conclusion = 'no-problem';
  else if (open.length === 0 && downgrades.length === 0) conclusion = found.length && changed ? 'fixed' : 'no-problem';
  else if (!changed) conclusion = 'problems';
  else if (open.length === 0 || passing.length > 0) conclusion = 'needs-follow-up';
  else conclusion = 'not-fixed';
  // A change not in effect until a restart is not a fix yet: the reconnect would fail as before.
  const pending = restartsPending(now, journal);
  const restartFirst = pending.length > 0 && (conclusion === 'fixed' || conclusion === 'no-problem');
  if (restartFirst) conclusion = 'needs-follow-up';
  const firstOpen = open[0]?.finding;
  const headline = {
    'not-checked': 'Nothing was checked.',
    'no-problem': 'No problem found.',
    problems: `${plural(open.length, 'problem')} found.`,
    fixed: `Fixed: ${found.length ? `the ${plural(found.length, 'problem')} found ${found.length === 1 ? 'passes' : 'pass'} now` : 'every check passes now'}.`,
    'needs-follow-up': restartFirst
      ? `Not in effect yet: ${plural(pending.length, 'change')} ${pending.length === 1 ? 'waits' : 'wait'} for a restart.`
      : downgrades.length && open.length === 0
        ? 'Works, but only with security lowered: needs follow-up.'
        : `Partly fixed: ${plural(fixedNow.length, 'problem')} fixed, ${workedAround.length ? `${workedAround.length} worked around with security lowered, ` : ''}${plural(open.length, 'problem')} still open.`,
    'not-fixed': `Not fixed: ${plural(open.length, 'problem')} still open.`,
  }[conclusion];
  const nextStep =
    conclusion === 'not-checked'
      ? 'Run the checks, then export the report.'
      : conclusion === 'no-problem' || conclusion === 'fixed'
        ? 'Connect with Remote Desktop again to confirm, then attach the report to the ticket.'
        : open.length === 0
          ? 'Test the connection now, then revert the security downgrade and make the lasting fix.'
          : `Start with “${firstOpen!.title}”: ${firstOpen!.fixes.some((f) => !f.lowersSecurity) ? 'fix it first' : 'its verdict says what to do'}${open.length > 1 ? '; the problems after it may be its consequences' : ''}.`;
  const next = restartFirst
    ? `${restartStep(pending, hostName)}, then connect with Remote Desktop again to confirm.`
    : pending.length
      ? `${restartStep(pending, hostName)}. ${nextStep}`
      : nextStep;
  return { conclusion, found, fixedNow, workedAround, open, downgrades, headline, next };
}

// Two rules of the fix order that a one-line breakage left green: inside one step a proven failure comes before
// a warning, and an event-log error stays a current problem while any check it points at still fails (it is
// history only when every one of them passes now and a fix changed one).
import { describe, expect, it } from 'vitest';
import { problemsInFixOrder } from '../../shared/fix-order';
import type { Finding } from '../../shared/model';
import { makeEntry, makeFinding } from '../support/findings';

const f = (id: string, layer: Finding['layer'], status: Finding['status'], related: string[] = []): Finding =>
  makeFinding(id, status, { side: 'client', layer, related });

const applied = (checkId: string) => makeEntry(checkId);

describe('fix order guards', () => {
  it('inside one step, a failure comes before an error, and an error before a warning, whatever order they came in', () => {
    // Three client leftovers: one step ("This PC"), none ranked by name within it.
    const findings = [
      f('client.history', 'client-leftovers', 'warn'),
      f('client.alternative-client', 'client-leftovers', 'error'),
      f('client.security-software', 'client-leftovers', 'fail'),
    ];
    const ids = (fs: Finding[]) => problemsInFixOrder(fs).map((p) => p.finding.id);
    const expected = ['client.security-software', 'client.alternative-client', 'client.history'];
    expect(ids(findings)).toEqual(expected);
    expect(ids([...findings].reverse())).toEqual(expected);
  });

  it('an event pointing at a fixed check and at one that still fails stays listed, under the failing one', () => {
    const findings = [
      f('host.certificate', 'certificate', 'pass'),
      f('host.machinekeys', 'certificate', 'fail'),
      f('host.events', 'events', 'fail', ['host.certificate', 'host.machinekeys']),
    ];
    const problems = problemsInFixOrder(findings, [applied('host.certificate')]);
    expect(problems.map((p) => p.finding.id)).toEqual(['host.machinekeys']);
    expect(problems[0]!.symptoms.map((s) => s.id)).toEqual(['host.events']);
  });

  it('an event whose every check passes now, one of them after a fix, is history: not listed', () => {
    const findings = [
      f('host.certificate', 'certificate', 'pass'),
      f('host.machinekeys', 'certificate', 'pass'),
      f('host.events', 'events', 'fail', ['host.certificate', 'host.machinekeys']),
    ];
    expect(problemsInFixOrder(findings, [applied('host.certificate')])).toEqual([]);
    // Without a fix by this app, the same errors are not known to be old: they stay.
    expect(problemsInFixOrder(findings, []).map((p) => p.finding.id)).toEqual(['host.events']);
  });
});

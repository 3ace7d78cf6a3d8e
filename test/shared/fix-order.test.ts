// The order to fix problems in and the troubleshooter's conclusion: shared by the card, the summary and the report.
import { describe, expect, it } from 'vitest';
import { outcome, PATH_STEPS, problemsInFixOrder } from '../../shared/fix-order';
import type { Finding } from '../../shared/model';
import { makeEntry, makeFinding } from '../support/findings';

const f = (id: string, layer: Finding['layer'], status: Finding['status'], extra: Partial<Finding> = {}): Finding =>
  makeFinding(id, status, { layer, ...extra });

const applied = makeEntry;

describe('fix order', () => {
  it('follows the connection: firewall, listener, TLS and certificate, NLA; whatever order the checks came in', () => {
    const found = [
      f('host.nla', 'host-configuration', 'fail'),
      f('host.certificate', 'certificate', 'fail'),
      f('host.listener', 'services', 'fail'),
      f('host.firewall', 'host-configuration', 'fail'),
    ];
    expect(problemsInFixOrder(found).map((p) => p.finding.id)).toEqual(['host.firewall', 'host.listener', 'host.certificate', 'host.nla']);
    expect(problemsInFixOrder([...found].reverse()).map((p) => p.finding.id)).toEqual([
      'host.firewall',
      'host.listener',
      'host.certificate',
      'host.nla',
    ]);
  });

  it('puts a problem after the one that explains it, and events under their cause', () => {
    const mk = f('host.machinekeys', 'certificate', 'fail');
    const cert = f('host.certificate', 'certificate', 'fail', { related: ['host.machinekeys'] });
    const events = f('host.events', 'events', 'warn', { related: ['host.certificate', 'host.machinekeys'] });
    const order = problemsInFixOrder([cert, events, mk]);
    expect(order.map((p) => p.finding.id)).toEqual(['host.machinekeys', 'host.certificate']);
    expect(order.flatMap((p) => p.symptoms.map((s) => s.id))).toEqual(['host.events']);
    expect(order.every((p) => p.proven)).toBe(true);
  });

  it('treats event-log errors about checks that a fix made pass as history', () => {
    const now = [
      f('host.machinekeys', 'certificate', 'pass'),
      f('host.certificate', 'certificate', 'pass'),
      f('host.events', 'events', 'warn', { related: ['host.certificate', 'host.machinekeys'] }),
    ];
    expect(problemsInFixOrder(now, [applied('host.machinekeys')])).toEqual([]);
    // Without a fix in the journal the same errors are unexplained: still a problem.
    expect(problemsInFixOrder(now, []).map((p) => p.finding.id)).toEqual(['host.events']);
  });
});

describe('the script gate', () => {
  it('a host where the scripts cannot run is its own first step, not "Firewall and port"', () => {
    const now = [f('host.firewall', 'host-configuration', 'fail'), f('host.powershell', 'host-configuration', 'fail')];
    const problems = problemsInFixOrder(now, []);
    expect(problems.map((p) => [p.finding.id, PATH_STEPS.find((s) => s.id === p.step)?.title])).toEqual([
      ['host.powershell', 'Running the host checks'],
      ['host.firewall', 'Firewall and port'],
    ]);
  });
});

describe('conclusion', () => {
  const first = [f('host.firewall', 'host-configuration', 'fail'), f('host.nla', 'host-configuration', 'fail')];
  it('problems found before anything changed; partly fixed; fixed; a downgrade needs follow-up', () => {
    expect(outcome(first, first, []).conclusion).toBe('problems');
    expect(outcome(first, first, []).headline).toBe('2 problems found.');
    const half = [f('host.firewall', 'host-configuration', 'pass'), f('host.nla', 'host-configuration', 'fail')];
    expect(outcome(first, half, [applied('host.firewall')]).conclusion).toBe('needs-follow-up');
    const all = [f('host.firewall', 'host-configuration', 'pass'), f('host.nla', 'host-configuration', 'pass')];
    expect(outcome(first, all, [applied('host.firewall'), applied('host.nla', { id: '20261121T101710Z-0a1b2c3e' })]).conclusion).toBe(
      'fixed',
    );
    const lowered = [applied('host.firewall'), applied('host.nla', { id: '20261121T101710Z-0a1b2c3e', lowersSecurity: true })];
    expect(outcome(first, all, lowered).conclusion).toBe('needs-follow-up');
    expect(outcome(first, first, [applied('host.firewall', { state: 'rolled-back' })]).conclusion).toBe('not-fixed');
  });

  it('nothing read (exported before any run, or a run cancelled at once) is "not checked", never "no problem found"', () => {
    const o = outcome([], [], []);
    expect(o.conclusion).toBe('not-checked');
    expect(o.headline).toBe('Nothing was checked.');
    expect(o.next).toBe('Run the checks, then export the report.');
    // Fixes of an earlier session in the journal do not make an unread host healthy either.
    expect(outcome([], [], [applied('host.firewall')]).conclusion).toBe('not-checked');
    // One check read and passing is a reading: no problem found.
    expect(outcome([], [f('host.firewall', 'host-configuration', 'pass')], []).conclusion).toBe('no-problem');
  });

  it('a check that passes only because its security was lowered is worked around, not fixed', () => {
    const three = [...first, f('host.certificate', 'certificate', 'fail')];
    const nlaOff = [
      f('host.firewall', 'host-configuration', 'fail'),
      f('host.nla', 'host-configuration', 'pass'),
      f('host.certificate', 'certificate', 'fail'),
    ];
    const o = outcome(three, nlaOff, [applied('host.nla', { lowersSecurity: true })]);
    expect(o.conclusion).toBe('needs-follow-up');
    expect(o.fixedNow).toEqual([]);
    expect(o.workedAround.map((x) => x.id)).toEqual(['host.nla']);
    expect(o.headline).toBe('Partly fixed: 0 problems fixed, 1 worked around with security lowered, 2 problems still open.');
  });
});

describe('a problem not read since it was found', () => {
  it('stays open: never counted as fixed because a later run did not include it', () => {
    const found = [f('host.firewall', 'host-configuration', 'fail'), f('host.nla', 'host-configuration', 'fail')];
    const now = [f('host.nla', 'host-configuration', 'pass')];
    const o = outcome(found, now, [applied('host.nla')]);
    expect(o.open.map((p) => p.finding.id)).toEqual(['host.firewall']);
    expect(o.conclusion).toBe('needs-follow-up');
    expect(o.headline).not.toMatch(/^Fixed/);
  });
});

describe('a fix that needs a restart (audit4 G5)', () => {
  const found = [f('host.schannel', 'host-configuration', 'fail')];
  const os = (lastBoot: string) => f('host.os', 'information', 'pass', { evidence: [{ label: 'last boot', value: lastBoot }] });
  const tls = applied('host.schannel', { title: 'Enable TLS 1.2 for the server', needsRestart: true });

  it('is "Needs follow-up: restart <host>" while the host has not restarted since it was applied (or its boot is unknown)', () => {
    for (const now of [
      [f('host.schannel', 'host-configuration', 'pass')],
      [f('host.schannel', 'host-configuration', 'pass'), os('2026-11-21T08:00:00Z')],
    ]) {
      const o = outcome(found, now, [tls], 'WS-01');
      expect(o.conclusion).toBe('needs-follow-up');
      expect(o.next).toMatch(/^Needs follow-up: restart WS-01 \(“Enable TLS 1\.2 for the server” takes effect only after a restart/);
    }
  });

  it('is fixed once the host booted after the fix, or when the fix was rolled back', () => {
    const now = [f('host.schannel', 'host-configuration', 'pass'), os('2026-11-21T10:30:00Z')];
    expect(outcome(found, now, [tls], 'WS-01').conclusion).toBe('fixed');
    const rolled = { ...tls, state: 'rolled-back' as const, rolledBackAt: '2026-11-21T10:20:00Z' };
    expect(outcome(found, [f('host.schannel', 'host-configuration', 'fail')], [rolled], 'WS-01').next).not.toMatch(/restart/);
  });
});

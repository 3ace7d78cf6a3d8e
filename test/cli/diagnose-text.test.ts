// The plain-text `rdp-doctor diagnose` says what the app's card and the report say: "N problems found", the
// problems in fix order by their titles, found (not a percentage), a likelihood only between possible causes,
// then the conclusion and what to do next.
import { describe, expect, it } from 'vitest';
import { FixInfo, type Cause, type Finding, type Layer } from '../../shared/model';
import { formatProblems } from '../../electron/cli/format';
import { runCli } from '../support/cli';

function finding(id: string, status: Finding['status'], layer: Layer, fixes: FixInfo[] = []): Finding {
  return {
    id,
    side: 'host',
    layer,
    title: `Title of ${id}`,
    status,
    verdict: `Verdict of ${id}.`,
    evidence: [],
    fixes,
    related: [],
    durationMs: 0,
  };
}

describe('rdp-doctor diagnose (text)', () => {
  it('multi-fault: 3 problems found, in the order of the connection path, by title, no percentages', async () => {
    const r = await runCli(['diagnose', '--scenario', 'multi-fault', '--side', 'host']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('3 problems found.');
    expect(r.stdout).not.toMatch(/confidence|\d+%|Likely causes/);
    const numbered = r.stdout.split('\n').filter((l) => /^ {2}\d\. /.test(l));
    expect(numbered).toEqual([
      '  1. Windows Firewall allows Remote Desktop [Firewall and port; found]',
      '  2. RDP certificate [TLS and certificate; found]',
      '  3. Network Level Authentication fits the client [Network Level Authentication; found]',
    ]);
    // The lasting fix is what to run; turning NLA off is offered only as a workaround.
    expect(r.stdout).toContain('fix: rdp-doctor fix host.certificate --fix renew-certificate');
    expect(r.stdout).not.toContain('fix: rdp-doctor fix host.nla --fix disable-nla');
    expect(r.stdout).toContain('workaround only, lowers security: rdp-doctor fix host.nla --fix disable-nla');
    expect(r.stdout).toContain('Next: Start with “Windows Firewall allows Remote Desktop”');
  });

  it('a healthy host: no problem found and what to do next', async () => {
    const r = await runCli(['diagnose', '--scenario', 'healthy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No problem found.\nNext: Connect with Remote Desktop again');
  });

  it('a likelihood only tells two or more possible causes apart', () => {
    const cause = (checkId: string, confidence: number): Cause => ({
      id: checkId,
      checkId,
      title: checkId,
      confidence,
      evidence: [],
      fix: null,
    });
    const causes = [cause('host.a', 0.8), cause('host.b', 0.5)];
    const two = formatProblems([finding('host.a', 'warn', 'policy'), finding('host.b', 'warn', 'events')], causes, []);
    expect(two).toContain('Title of host.a [Policy; possible cause, likely]');
    expect(two).toContain('Title of host.b [Event log; possible cause, possible]');
    const one = formatProblems([finding('host.a', 'warn', 'policy'), finding('host.c', 'fail', 'services')], causes, []);
    expect(one).toContain('Title of host.a [Policy; possible cause]');
    expect(one).toContain('Title of host.c [Remote Desktop and its listener; found]');
    expect(one).toContain('2 problems found.');
  });

  it('a fix that cannot run now (not elevated) is named with why, never as a command the fixer refuses', () => {
    const fix = (id: string, extra: Partial<FixInfo> = {}): FixInfo =>
      FixInfo.parse({
        id,
        title: `Fix ${id}`,
        description: '',
        reversible: true,
        lowersSecurity: false,
        needsAdmin: true,
        needsRestart: false,
        dropsSessions: false,
        disabledReason: 'Needs administrator rights: restart RDP Doctor as administrator.',
        ...extra,
      });
    const text = formatProblems([finding('host.c', 'fail', 'services', [fix('start'), fix('open', { lowersSecurity: true })])], [], []);
    expect(text).not.toContain('rdp-doctor fix host.c');
    expect(text).toContain('fix: Fix start: unavailable now: Needs administrator rights');
    expect(text).toContain('workaround only, lowers security: Fix open: unavailable now:');
  });
});

import { describe, expect, it } from 'vitest';
import { buildReport } from '../../electron/report/build-report';
import { JournalEntry } from '../../shared/model';
import { Report } from '../../shared/report';
import { baseInput, diagnosis, journal, multiFaultReport } from './fixture';

describe('buildReport', () => {
  const report = multiFaultReport();

  it('produces a report the shared schema accepts, JSON round trip included', () => {
    expect(Report.safeParse(report).success).toBe(true);
    expect(Report.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('fills the header from the diagnosis, the client and the caller', () => {
    expect(report.header).toMatchObject({
      runId: diagnosis.runId,
      target: 'ws-fin-042.contoso.local',
      client: { computerName: 'HELPDESK-07', os: 'Windows 11 Enterprise', build: '10.0.26100' },
      host: { computerName: 'WS-FIN-042', os: 'Windows 11 Pro', build: '10.0.22631', kind: 'simulated', scenario: 'multi-fault' },
      appVersion: '0.1.0',
      durationMs: 2350,
      generatedAt: '2026-11-21T10:20:00.000Z',
      ranBy: 'CONTOSO\\jdoe',
      ranByRedacted: false,
      elevated: true,
    });
  });

  it('ranks causes by confidence and says what the session did about each fix', () => {
    expect(report.summary.causes.map((c) => [c.rank, c.id])).toEqual([
      [1, 'expired-certificate'],
      [2, 'firewall-blocked'],
      [3, 'security-layer-rdp'],
    ]);
    const firewall = report.summary.causes[1]!;
    expect(firewall.checkTitle).toBe('Windows Firewall rules for Remote Desktop');
    expect(firewall.fixTitle).toBe('Enable the Remote Desktop firewall rules');
    expect(firewall.fixState).toBe('applied');
    expect(report.summary.causes[0]!.fixState).toBeNull();
  });

  it('gives the overall verdict and the counts', () => {
    expect(report.summary.verdict).toBe('problems');
    expect(report.summary.counts).toEqual({ pass: 3, warn: 2, fail: 4, skipped: 1, error: 0 });
    // The first problem in fix order (the connection's path: firewall before TLS), not the highest score.
    expect(report.summary.headline).toContain('fix first: The Remote Desktop firewall rules are disabled');
    expect(report.summary.headline).toContain('1 security downgrade');
  });

  it('concludes in fix order: firewall, then the security layer, then the certificate; proven facts marked', () => {
    const o = report.outcome!;
    // Changes were made, yet every problem found is still open.
    expect(o.conclusion).toBe('not-fixed');
    const order = o.open.map((p) => p.checkId);
    expect(order.indexOf('host.firewall')).toBeLessThan(order.indexOf('host.certificate'));
    expect(order.indexOf('host.security-layer')).toBeLessThan(order.indexOf('host.certificate'));
    // Standard RDP was negotiated because of SecurityLayer 0: listed after it, though negotiation comes earlier on the path.
    expect(order.indexOf('client.rdp-negotiation')).toBeGreaterThan(order.indexOf('host.security-layer'));
    expect(o.open.find((p) => p.checkId === 'host.certificate')!.proven).toBe(true);
    // The events point at the failing certificate: a symptom, listed under it, not a problem of its own.
    expect(order).not.toContain('host.events');
  });

  it('puts client checks first, then host checks in layer order', () => {
    const sides = report.findings.map((f) => f.side);
    expect(sides.indexOf('host')).toBeGreaterThan(sides.lastIndexOf('client'));
    expect(report.findings.map((f) => f.id).slice(0, 3)).toEqual(['client.tcp', 'client.rdp-negotiation', 'client.saved-credentials']);
  });

  it('lists every journal change oldest first, with rolled-back state and no snapshot', () => {
    expect(report.changes.map((c) => [c.fixId, c.state, c.rolledBack])).toEqual([
      ['enable-rules', 'applied', false],
      ['remove-binding', 'rolled-back', true],
      ['disable-nla', 'applied', false],
    ]);
    expect(JSON.stringify(report)).not.toContain('snapshot');
  });

  it('counts an applied downgrade as an open risk, and a rolled-back one not', () => {
    expect(report.openRisks).toHaveLength(1);
    expect(report.openRisks[0]).toMatchObject({ checkId: 'host.nla', fixId: 'disable-nla', certainty: 'in-place' });
    expect(report.openRisks[0]!.howToRevert).toContain('rdp-doctor rollback 20261121T101800Z-2c3d4e5f');

    const rolledBack = journal.map((e) =>
      e.lowersSecurity ? JournalEntry.parse({ ...e, state: 'rolled-back', rolledBackAt: '2026-11-21T10:19:00.000Z' }) : e,
    );
    expect(buildReport({ ...baseInput, journal: rolledBack }).openRisks).toEqual([]);

    const interrupted = journal.map((e) => (e.lowersSecurity ? JournalEntry.parse({ ...e, state: 'pending', appliedAt: null }) : e));
    expect(buildReport({ ...baseInput, journal: interrupted }).openRisks[0]?.certainty).toBe('possibly-in-place');

    // A revert the host's task did not run (the PC was off past the task's end) is said, with what to do now.
    const missed = journal.map((e) => (e.lowersSecurity ? { ...e, revertAt: '2026-11-21T10:33:00.000Z', revertMissed: true } : e));
    expect(buildReport({ ...baseInput, journal: missed }).openRisks[0]!.howToRevert).toMatch(
      /^The automatic revert did not run \(it was due 2026-11-21T10:33:00\.000Z\): roll it back now\. Roll back journal entry/,
    );
  });

  it('calls a passing host with a downgrade still in place "warnings", not healthy', () => {
    const passing = { ...diagnosis, findings: diagnosis.findings.map((f) => ({ ...f, status: 'pass' as const })), causes: [] };
    expect(buildReport({ ...baseInput, diagnosis: passing }).summary.verdict).toBe('warnings');
    expect(buildReport({ ...baseInput, diagnosis: passing, journal: [] }).summary).toMatchObject({
      verdict: 'healthy',
      headline: 'All 10 checks passed.',
    });
    expect(buildReport({ ...baseInput, diagnosis: { ...passing, cancelled: true }, journal: [] }).summary.verdict).toBe('incomplete');
  });

  it('redacts the user name everywhere with one switch, and leaves Windows words alone', () => {
    const redacted = multiFaultReport({ redactUser: true });
    expect(redacted.header.ranBy).toBe('[redacted]');
    expect(redacted.header.ranByRedacted).toBe(true);
    const json = JSON.stringify(redacted);
    expect(json.toLowerCase()).not.toContain('jdoe');
    expect(json).toContain('C:\\\\Users\\\\[redacted]\\\\AppData');
    expect(json).toContain('HKLM\\\\SYSTEM\\\\CurrentControlSet');

    const root = multiFaultReport({
      redactUser: true,
      ranBy: 'root',
      diagnosis: { ...diagnosis, host: { ...diagnosis.host, user: 'SYSTEM' } },
    });
    expect(root.header.ranBy).toBe('[redacted]');
    expect(JSON.stringify(root)).toContain('HKLM\\\\SYSTEM');
  });

  it('the probe section shows who answered (identity) and the CredSSP bytes', () => {
    const withId = {
      ...baseInput.probe!,
      identity: {
        netbiosComputerName: 'SRV-042',
        netbiosDomainName: 'CORP',
        dnsComputerName: 'srv-042.corp.example',
        dnsDomainName: 'corp.example',
        dnsTreeName: 'corp.example',
        productVersion: '10.0.20348',
        hostTime: '2026-11-30T12:00:00.000Z',
        clockSkewSeconds: -3,
      },
      identityReason: null,
      layers: {
        ...baseInput.probe!.layers,
        credssp: {
          onRequest: 'hybrid-ex' as const,
          ok: true,
          errorCode: null,
          error: null,
          notes: [],
          sentHex: '3037a003',
          receivedHex: '30819f',
          ms: 4,
        },
      },
    };
    const p = buildReport({ ...baseInput, probe: withId }).probe!;
    const identity = p.layers.find((l) => l.name === 'identity');
    expect(identity?.rows).toContainEqual({ label: 'Product version', value: '10.0.20348' });
    expect(identity?.rows).toContainEqual({ label: 'Host clock', value: '2026-11-30T12:00:00.000Z (-3 s from this PC)' });
    expect(p.raw.map((r) => r.label)).toContain('CredSSP TSRequest with NTLM NEGOTIATE: sent');
  });

  it('normalizes the probe: layers in handshake order, raw bytes as spaced lower-case hex', () => {
    const probe = report.probe!;
    expect(probe.layers.map((l) => [l.name, l.status])).toEqual([
      ['dns', 'pass'],
      ['tcp', 'pass'],
      ['negotiation', 'fail'],
      ['tls', 'skipped'],
    ]);
    expect(probe.raw).toHaveLength(6);
    expect(probe.raw[2]).toEqual({
      label: 'Negotiation request ssl (SSL): sent',
      hex: '03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 01 00 00 00',
      length: 19,
      totalLength: 19,
    });
    expect(probe.raw[3]!.hex).toBe('03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 00 00 00 00');
    expect(buildReport({ ...baseInput, probe: null }).probe).toBeNull();
  });
});

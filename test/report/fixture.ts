// A realistic multi-fault session, built from the shared schemas so the fixture cannot drift from them:
// three failing checks with their causes, one fix applied, one rolled back, a security downgrade left in
// place, and a client probe with raw negotiation bytes. Some host values are hostile on purpose.
import { Diagnosis, JournalEntry, type Finding, type FixInfo } from '../../shared/model';
import { ProbeReport } from '../../shared/probe';
import { buildReport, type BuildReportInput } from '../../electron/report/build-report';
import type { Report } from '../../shared/report';

export const HOSTILE = '<img src=x onerror=alert(1)><script>alert("pwned")</script>';

function fix(partial: Partial<FixInfo> & Pick<FixInfo, 'id' | 'title'>): FixInfo {
  return {
    description: partial.title,
    reversible: true,
    lowersSecurity: false,
    needsAdmin: true,
    needsRestart: false,
    dropsSessions: false,
    ...partial,
  };
}

function finding(partial: Partial<Finding> & Pick<Finding, 'id' | 'side' | 'layer' | 'title' | 'status' | 'verdict'>): Finding {
  return { evidence: [], fixes: [], related: [], durationMs: 12, ...partial };
}

export const findings: Finding[] = [
  finding({
    id: 'host.certificate',
    side: 'host',
    layer: 'certificate',
    title: 'RDP listener certificate',
    status: 'fail',
    verdict: 'The self-signed RDP certificate expired on 2026-10-01, so the TLS handshake cannot complete.',
    evidence: [
      { label: 'Subject', value: `CN=WS-FIN-042 ${HOSTILE}`, source: 'Cert:\\LocalMachine\\Remote Desktop' },
      { label: 'Thumbprint', value: '3F2A9C0D5E7B1A4C8D6E2F0A9B8C7D6E5F4A3B2C' },
      { label: 'NotAfter', value: '2026-10-01T08:00:00Z' },
      { label: 'HasPrivateKey', value: true },
    ],
    fixes: [
      fix({
        id: 'renew-certificate',
        title: 'Renew the self-signed RDP certificate',
        reversible: false,
        needsRestart: true,
        dropsSessions: true,
      }),
    ],
    related: ['host.events'],
    durationMs: 184,
  }),
  finding({
    id: 'host.firewall',
    side: 'host',
    layer: 'network',
    title: 'Windows Firewall rules for Remote Desktop',
    status: 'fail',
    verdict: 'The Remote Desktop firewall rules are disabled for the Domain profile.',
    evidence: [
      { label: 'RemoteDesktop-UserMode-In-TCP', value: { Enabled: false, Profile: 'Domain' }, source: 'Get-NetFirewallRule' },
      { label: 'RemoteDesktop-UserMode-In-UDP', value: { Enabled: false, Profile: 'Domain' } },
      { label: 'Active profiles', value: ['Domain'] },
    ],
    fixes: [fix({ id: 'enable-rules', title: 'Enable the Remote Desktop firewall rules' })],
    durationMs: 96,
  }),
  finding({
    id: 'host.security-layer',
    side: 'host',
    layer: 'host-configuration',
    title: 'RDP security layer',
    status: 'fail',
    verdict: 'SecurityLayer is 0 (standard RDP security): clients that require TLS are refused.',
    evidence: [
      { label: 'SecurityLayer', value: 0, source: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' },
    ],
    fixes: [fix({ id: 'set-negotiate', title: 'Set SecurityLayer to Negotiate (1)' })],
    durationMs: 41,
  }),
  finding({
    id: 'host.nla',
    side: 'host',
    layer: 'host-configuration',
    title: 'Network Level Authentication',
    status: 'warn',
    verdict: 'NLA is off: a downgrade made by this app for a test connection is still in place.',
    evidence: [
      { label: 'UserAuthentication', value: 0 },
      { label: 'Policy source', value: null },
    ],
    fixes: [fix({ id: 'enable-nla', title: 'Turn NLA back on' })],
    durationMs: 38,
  }),
  finding({
    id: 'host.service',
    side: 'host',
    layer: 'services',
    title: 'Remote Desktop Services (TermService)',
    status: 'pass',
    verdict: 'TermService, UmRdpService and SessionEnv are running.',
    evidence: [
      { label: 'TermService', value: 'Running' },
      { label: 'StartType', value: 'Manual' },
    ],
    durationMs: 55,
  }),
  finding({
    id: 'host.rdp-enabled',
    side: 'host',
    layer: 'host-configuration',
    title: 'Remote Desktop enabled',
    status: 'pass',
    verdict: 'Remote connections are allowed (fDenyTSConnections = 0).',
    evidence: [
      { label: 'fDenyTSConnections', value: 0 },
      { label: 'Profile path', value: 'C:\\Users\\jdoe\\AppData' },
    ],
    durationMs: 22,
  }),
  finding({
    id: 'host.events',
    side: 'host',
    layer: 'events',
    title: 'Event log (last 24 hours)',
    status: 'warn',
    verdict: 'Schannel 36870 and RemoteConnectionManager 1057 point at the certificate.',
    evidence: [
      { label: 'Schannel 36870', value: 3 },
      { label: 'RCM 1057', value: 1 },
    ],
    related: ['host.certificate'],
    durationMs: 310,
  }),
  finding({
    id: 'client.tcp',
    side: 'client',
    layer: 'network',
    title: 'TCP connection to port 3389',
    status: 'pass',
    verdict: 'Connected 3 of 3 times, 1.2 ms average, no loss.',
    evidence: [
      { label: 'Latency avg', value: 1.2 },
      { label: 'Loss', value: '0 %' },
    ],
    durationMs: 15,
  }),
  finding({
    id: 'client.rdp-negotiation',
    side: 'client',
    layer: 'negotiation',
    title: 'RDP security negotiation',
    status: 'fail',
    verdict: 'The server selected standard RDP security when TLS and CredSSP were requested.',
    evidence: [{ label: 'Selected for SSL|HYBRID', value: 'PROTOCOL_RDP' }],
    related: ['host.security-layer'],
    durationMs: 48,
  }),
  finding({
    id: 'client.saved-credentials',
    side: 'client',
    layer: 'client-leftovers',
    title: 'Saved credentials',
    status: 'skipped',
    verdict: 'Skipped: this check only runs on Windows.',
    durationMs: 0,
  }),
];

export const diagnosis: Diagnosis = Diagnosis.parse({
  runId: 'run-20261121T101500Z-7c1e',
  startedAt: '2026-11-21T10:15:00.000Z',
  finishedAt: '2026-11-21T10:15:02.350Z',
  target: 'ws-fin-042.contoso.local',
  host: {
    kind: 'simulated',
    scenario: 'multi-fault',
    scenarioSummary: 'Expired certificate, disabled firewall rules and SecurityLayer 0 at once.',
    computerName: 'WS-FIN-042',
    os: 'Windows 11 Pro',
    build: '10.0.22631',
    elevated: true,
    user: 'CONTOSO\\jdoe',
    inRdpSession: false,
  },
  findings,
  causes: [
    {
      id: 'security-layer-rdp',
      title: 'The host only offers standard RDP security (SecurityLayer 0)',
      confidence: 0.78,
      evidence: ['host.security-layer: SecurityLayer = 0', 'client.rdp-negotiation: PROTOCOL_RDP selected for SSL|HYBRID'],
      fix: 'host.security-layer/set-negotiate',
      checkId: 'host.security-layer',
    },
    {
      id: 'expired-certificate',
      title: 'The RDP certificate expired',
      confidence: 0.92,
      evidence: ['host.certificate: NotAfter 2026-10-01T08:00:00Z', 'host.events: Schannel 36870 x3, RCM 1057 x1'],
      fix: 'host.certificate/renew-certificate',
      checkId: 'host.certificate',
    },
    {
      id: 'firewall-blocked',
      title: 'The firewall blocks Remote Desktop',
      confidence: 0.85,
      evidence: ['host.firewall: RemoteDesktop-UserMode-In-TCP disabled for Domain'],
      fix: 'host.firewall/enable-rules',
      checkId: 'host.firewall',
    },
  ],
  cancelled: false,
});

const simHost = { kind: 'simulated' as const, scenario: 'multi-fault', stateFile: '/tmp/multi.json' };

export const journal: JournalEntry[] = [
  {
    id: '20261121T101610Z-0a1b2c3d',
    checkId: 'host.firewall',
    fixId: 'enable-rules',
    title: 'Enable the Remote Desktop firewall rules',
    state: 'applied',
    host: simHost,
    createdAt: '2026-11-21T10:16:10.000Z',
    appliedAt: '2026-11-21T10:16:11.000Z',
    rolledBackAt: null,
    reversible: true,
    lowersSecurity: false,
    snapshot: { rules: { 'RemoteDesktop-UserMode-In-TCP': false } },
    changes: [
      { what: 'Firewall rule RemoteDesktop-UserMode-In-TCP Enabled', before: false, after: true },
      { what: 'Firewall rule RemoteDesktop-UserMode-In-UDP Enabled', before: false, after: true },
    ],
    error: null,
  },
  {
    id: '20261121T101700Z-1b2c3d4e',
    checkId: 'host.certificate',
    fixId: 'remove-binding',
    title: 'Remove the broken custom certificate binding',
    state: 'rolled-back',
    host: simHost,
    createdAt: '2026-11-21T10:17:00.000Z',
    appliedAt: '2026-11-21T10:17:01.000Z',
    rolledBackAt: '2026-11-21T10:18:30.000Z',
    reversible: true,
    lowersSecurity: false,
    snapshot: { value: 'AAEC' },
    changes: [{ what: 'RDP-Tcp SSLCertificateSHA1Hash (REG_BINARY)', before: '3f2a9c0d5e7b1a4c8d6e2f0a9b8c7d6e5f4a3b2c', after: null }],
    error: null,
  },
  {
    id: '20261121T101800Z-2c3d4e5f',
    checkId: 'host.nla',
    fixId: 'disable-nla',
    title: 'Turn NLA off for a test connection',
    state: 'applied',
    host: simHost,
    createdAt: '2026-11-21T10:18:00.000Z',
    appliedAt: '2026-11-21T10:18:01.000Z',
    rolledBackAt: null,
    reversible: true,
    lowersSecurity: true,
    snapshot: { UserAuthentication: 1 },
    changes: [{ what: 'RDP-Tcp UserAuthentication (REG_DWORD)', before: 1, after: 0 }],
    error: null,
  },
].map((e) => JournalEntry.parse(e));

const negAttempt = (
  request: string,
  requested: number | null,
  names: string[],
  selected: number,
  selectedName: string,
  sentHex: string,
  receivedHex: string,
) => ({
  request,
  requested,
  requestedNames: names,
  outcome: 'response',
  selected,
  selectedName,
  flags: 0,
  flagNames: [],
  failureCode: null,
  failureName: null,
  errorCode: null,
  error: null,
  notes: [],
  sentHex,
  receivedHex,
  ms: 2.4,
});

export const probe: ProbeReport = ProbeReport.parse({
  target: 'ws-fin-042.contoso.local',
  host: 'ws-fin-042.contoso.local',
  port: 3389,
  startedAt: '2026-11-21T10:15:00.010Z',
  durationMs: 182,
  timeoutMs: 3000,
  cancelled: false,
  findings: [
    {
      layer: 'negotiation',
      status: 'fail',
      text: 'The server selected standard RDP when TLS and CredSSP were requested (SecurityLayer 0 on the host).',
      related: ['host.security-layer'],
    },
    { layer: 'dns', status: 'pass', text: 'ws-fin-042.contoso.local resolves to 10.20.30.42, the same answer twice.' },
    { layer: 'tcp', status: 'pass', text: 'TCP port 3389 answers: 3 of 3 connections, 1.2 ms average.' },
    { layer: 'tls', status: 'skipped', text: 'No TLS: the server did not select SSL or HYBRID.' },
  ],
  layers: {
    dns: {
      name: 'ws-fin-042.contoso.local',
      isIp: false,
      lookup: { addresses: ['10.20.30.42'], ms: 3.1, error: null },
      repeat: { addresses: ['10.20.30.42'], ms: 0.4, error: null },
      a: { addresses: ['10.20.30.42'], ms: 2.2, error: null },
      aaaa: { addresses: [], ms: 2.0, error: 'ENODATA' },
      consistent: true,
    },
    tcp: {
      address: '10.20.30.42',
      timeoutMs: 3000,
      planned: 3,
      attempts: [1.1, 1.3, 1.2].map((ms) => ({ address: '10.20.30.42', outcome: 'connected', ms, code: null })),
      latencyMs: { min: 1.1, avg: 1.2, max: 1.3 },
      jitterMs: 0.15,
      lossPct: 0,
    },
    negotiation: {
      address: '10.20.30.42',
      attempts: [
        negAttempt(
          'rdp',
          0,
          [],
          0,
          'PROTOCOL_RDP',
          '03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 00 00 00 00',
          '03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 00 00 00 00',
        ),
        negAttempt(
          'ssl',
          1,
          ['SSL'],
          0,
          'PROTOCOL_RDP',
          '030000130ee000000000000100080001000000',
          '03:00:00:13:0e:d0:00:00:12:34:00:02:00:08:00:00:00:00:00',
        ),
        negAttempt(
          'hybrid',
          3,
          ['SSL', 'HYBRID'],
          0,
          'PROTOCOL_RDP',
          '03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 03 00 00 00',
          '03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 00 00 00 00',
        ),
      ],
    },
    tls: null,
    ipVsName: null,
  },
});

export const baseInput: BuildReportInput = {
  diagnosis,
  journal,
  appVersion: '0.1.0',
  ranBy: 'CONTOSO\\jdoe',
  elevated: true,
  redactUser: false,
  clientHost: { computerName: 'HELPDESK-07', os: 'Windows 11 Enterprise', build: '10.0.26100' },
  probe,
  now: new Date('2026-11-21T10:20:00.000Z'),
};

export function multiFaultReport(overrides: Partial<BuildReportInput> = {}): Report {
  return buildReport({ ...baseInput, ...overrides });
}

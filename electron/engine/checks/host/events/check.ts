// host.events: the last 24 h of Remote Desktop events. The event log is evidence, not state: each error
// points (judgement.related) at the check that explains it, and the check warns rather than fails, so the
// explaining check ranks as the cause. Informational events (logons, reconnects, TCP accepted) are context.
import { plainDate } from '../../../../util/plain-text';
import { z } from 'zod';
import { EventRecord } from '../../../ops/event-record';
import type { EvidenceItem } from '../../../../../shared/model';
import type { Check } from '../../../types';

export const RCM_PROVIDER = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
export const RDPCORETS_LOG = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational';
export const LSM_LOG = 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational';
const RCM_ADMIN_LOG = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin';
const RCM_OPERATIONAL_LOG = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational';

interface Meaning {
  /** What it means, in plain words. */
  text: string;
  /** An error that explains a failed connection (as opposed to context like a logon). */
  problem: boolean;
  related: string[];
  /** Security audit events carry level 0 (shown as Information) even for a failure: the id says it is one. */
  anyLevel?: boolean;
}

const CERT = ['host.certificate', 'host.machinekeys'];
/** Keyed by "provider-or-log:id". */
const MEANINGS: Record<string, Meaning> = {
  [`${RCM_PROVIDER}:1057`]: { text: 'TermService could not create its self-signed certificate', problem: true, related: CERT },
  [`${RCM_PROVIDER}:1058`]: { text: 'TermService could not replace its expired self-signed certificate', problem: true, related: CERT },
  'Schannel:36870': { text: "Schannel could not open the TLS server certificate's private key", problem: true, related: CERT },
  'Schannel:36871': {
    text: 'Schannel could not create a TLS server credential (protocols disabled)',
    problem: true,
    related: ['host.schannel'],
  },
  'Schannel:36874': { text: 'a client offered no TLS version or cipher suite the host accepts', problem: true, related: ['host.schannel'] },
  // Received alerts are the client's verdict (often a web browser or scanner rejecting some service's
  // certificate): Schannel logs them for every TLS service, so on their own they are context, not an RDP error.
  'Schannel:36887': {
    text: 'a TLS client ended a handshake with a fatal alert (any TLS service on this host; usually noise)',
    problem: false,
    related: [],
  },
  // Generated alerts: no common protocol or cipher (Schannel settings), or a server credential it cannot use.
  // CredSSP's encryption oracle check fails above TLS and never shows here.
  'Schannel:36888': {
    text: 'the host aborted a TLS handshake with a fatal alert',
    problem: true,
    related: ['host.schannel', 'host.certificate'],
  },
  [`${RDPCORETS_LOG}:97`]: {
    text: 'the RDP stack detected a protocol error and dropped the client',
    problem: true,
    related: ['host.security-layer', 'host.nla'],
  },
  [`${RDPCORETS_LOG}:98`]: { text: 'a TCP connection was accepted', problem: false, related: [] },
  [`${RDPCORETS_LOG}:99`]: { text: 'a TCP connection failed', problem: true, related: ['host.listener', 'client.tcp'] },
  [`${RDPCORETS_LOG}:226`]: { text: 'an RDP connection broke during setup', problem: true, related: ['host.listener', 'client.tcp'] },
  // RD licensing (Microsoft, "Remote Desktop Services Client Access License (RDS CAL) Availability" events:
  // learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/ee891144(v=ws.10) for
  // 1069, ee890984(v=ws.10) for 1028, and technet cc775148(v=ws.10) for 1004; 1068 is EVENT_LICENSING_MODE_NOT_CONFIGURED).
  [`${RCM_PROVIDER}:1004`]: {
    text: 'the Session Host could not issue a client license (licensing mode and the CALs on the license server do not match, or no license server)',
    problem: true,
    related: ['host.licensing'],
  },
  [`${RCM_PROVIDER}:1028`]: {
    text: 'a client was refused because its license could not be renewed (no license server reached)',
    problem: true,
    related: ['host.licensing'],
  },
  [`${RCM_PROVIDER}:1068`]: {
    text: 'the RD licensing mode is not configured (connections are refused once the grace period ends)',
    problem: true,
    related: ['host.licensing'],
  },
  [`${RCM_PROVIDER}:1069`]: {
    text: 'the RD licensing grace period has expired and no licensing mode is configured: connections are refused',
    problem: true,
    related: ['host.licensing'],
  },
  // KB 954398: past MaxOutstandingConnections pending connections the host stops listening until they clear.
  [`${RCM_PROVIDER}:1006`]: {
    text: 'the host received a large number of incomplete connections and stopped accepting new ones for a while (MaxOutstandingConnections)',
    problem: true,
    related: ['host.listener'],
  },
  [`${LSM_LOG}:21`]: { text: 'a session logon succeeded', problem: false, related: [] },
  [`${LSM_LOG}:24`]: { text: 'a session was disconnected', problem: false, related: [] },
  [`${LSM_LOG}:25`]: { text: 'a session was reconnected', problem: false, related: [] },
  [`${LSM_LOG}:40`]: { text: 'a session was disconnected (reason code in the event)', problem: false, related: [] },
};

/**
 * Security 4625 ("An account failed to log on") for Remote Desktop logons (logon type 10, RemoteInteractive), by
 * its Status or SubStatus (learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4625,
 * "Windows logon status codes"). With NLA a wrong password fails earlier, as a network logon (type 3), so type 10
 * failures are what the host decides after the credentials: the 0x904/0x7 refusal.
 */
const LOGON_FAILURES: Record<string, Meaning> = {
  '0xc000015b': {
    text: 'an account was refused a Remote Desktop logon: "the user has not been granted the requested logon type at this machine" (0xC000015B)',
    problem: true,
    related: ['host.user-rights'],
    anyLevel: true,
  },
  '0xc000006d': { text: 'a Remote Desktop logon failed: bad user name or password (0xC000006D)', problem: false, related: [] },
  '0xc000006a': { text: 'a Remote Desktop logon failed: wrong password (0xC000006A)', problem: false, related: [] },
  '0xc0000064': { text: 'a Remote Desktop logon failed: no such user (0xC0000064)', problem: false, related: [] },
  '0xc0000234': { text: 'a Remote Desktop logon failed: the account is locked out (0xC0000234)', problem: false, related: [] },
  '0xc0000072': { text: 'a Remote Desktop logon failed: the account is disabled (0xC0000072)', problem: false, related: [] },
  '0xc0000071': { text: 'a Remote Desktop logon failed: the password has expired (0xC0000071)', problem: false, related: [] },
  '0xc0000193': { text: 'a Remote Desktop logon failed: the account has expired (0xC0000193)', problem: false, related: [] },
  '0xc0000224': { text: 'a Remote Desktop logon failed: the password must be changed first (0xC0000224)', problem: false, related: [] },
};
const OTHER_LOGON_FAILURE: Meaning = { text: 'a Remote Desktop logon failed (logon type 10)', problem: false, related: [] };

interface EventQuery {
  [key: string]: string | null | number[] | Record<string, string> | string[];
  log: string;
  provider: string | null;
  ids: number[];
}

export const EVENT_QUERIES: EventQuery[] = [
  { log: 'System', provider: RCM_PROVIDER, ids: [1057, 1058] },
  { log: 'System', provider: 'Schannel', ids: [36870, 36871, 36874, 36887, 36888] },
  { log: RDPCORETS_LOG, provider: null, ids: [97, 98, 99, 226] },
  { log: LSM_LOG, provider: null, ids: [21, 24, 25, 40] },
  { log: RCM_ADMIN_LOG, provider: RCM_PROVIDER, ids: [1004, 1006, 1028, 1068, 1069] },
  // Current Windows writes 1004 and 1028 to the Operational channel; older builds to Admin: both are read.
  { log: RCM_OPERATIONAL_LOG, provider: RCM_PROVIDER, ids: [1004, 1028] },
  {
    log: 'Security',
    provider: null,
    ids: [4625],
    dataEquals: { LogonType: '10' },
    dataFields: ['Status', 'SubStatus'],
  },
];

/** The newest event of its kind; count: how many of that kind were read (capped: the read stopped, there are more). */
const EventItem = EventRecord.extend({ count: z.number().int().positive().default(1), capped: z.boolean().default(false) });
type EventItem = z.infer<typeof EventItem>;
const FailedQuery = z.object({
  log: z.string(),
  provider: z.string().nullable(),
  /** From the error's FullyQualifiedErrorId: access denied, or any other query error. */
  reason: z.enum(['unreadable', 'error']),
  errorId: z.string(),
  message: z.string(),
});
const EventsData = z.object({
  since: z.string(),
  events: z.array(EventItem),
  missingLogs: z.array(z.string()),
  /** Channels that exist but are turned off (IsEnabled false): they hold no new events, so their silence proves nothing. */
  disabledLogs: z.array(z.string()).default([]),
  failedQueries: z.array(FailedQuery),
});
type EventsData = z.infer<typeof EventsData>;

/** A 4625's reason: the SubStatus when it says more than "see Status" (0x0), else the Status. */
function logonFailureOf(e: EventItem): Meaning {
  const sub = e.data?.SubStatus?.toLowerCase();
  const status = e.data?.Status?.toLowerCase();
  return (sub && LOGON_FAILURES[sub]) || (status && LOGON_FAILURES[status]) || OTHER_LOGON_FAILURE;
}

function meaningOf(e: EventItem): Meaning | undefined {
  if (e.log === 'Security' && e.id === 4625) return logonFailureOf(e);
  return MEANINGS[`${e.provider}:${e.id}`] ?? MEANINGS[`${e.log}:${e.id}`];
}

/** A problem event is one the table calls a problem and Windows logged above Information (audits: any level). */
function isProblem(e: EventItem): boolean {
  const m = meaningOf(e);
  return (m?.anyLevel === true || e.level !== 'Information') && (m?.problem ?? false);
}

/** Events of one kind: a 4625 is grouped by its reason, the others by provider and id. */
function groupKey(e: EventItem): string {
  return e.log === 'Security' && e.id === 4625 ? `4625:${logonFailureOf(e).text}` : `${e.provider}:${e.id}`;
}

function shortProvider(p: string): string {
  return p.replace(/^Microsoft-Windows-(TerminalServices-|RemoteDesktopServices-)?/, '');
}

export const check: Check<EventsData> = {
  id: 'host.events',
  side: 'host',
  layer: 'events',
  rank: 120,
  title: 'Remote Desktop errors in the event log (last 24 h)',
  reads:
    'System (RemoteConnectionManager 1057/1058; Schannel 36870, 36871, 36874, 36887, 36888), RdpCoreTS/Operational (97, 98, 99, 226), LocalSessionManager/Operational (21, 24, 25, 40), RemoteConnectionManager/Admin and /Operational (licensing 1004, 1028, 1068, 1069; 1006 incomplete connections), Security 4625 with logon type 10 (Status, SubStatus)',
  passWhen:
    'no error events in the last 24 hours that concern Remote Desktop (a received TLS alert, Schannel 36887, alone is context; a 4625 for a wrong password is context, one for "logon type not granted" is not)',
  source: '002',
  scripts: ['checks/host/events/events'],
  async collect(ctx) {
    return ctx.host.run('checks/host/events/events', { hours: 24, maxPerQuery: 50, queries: EVENT_QUERIES }, EventsData, {
      signal: ctx.signal,
      timeoutMs: 30_000,
    });
  },
  judge(d) {
    const groups = new Map<string, { e: EventItem; count: number; capped: boolean; last: string }>();
    for (const e of d.events) {
      const key = groupKey(e);
      const g = groups.get(key);
      if (!g) groups.set(key, { e, count: e.count, capped: e.capped, last: e.time });
      else {
        g.count += e.count;
        g.capped ||= e.capped;
        if (e.time > g.last) g.last = e.time;
      }
    }
    const problems = [...groups.values()].filter((g) => isProblem(g.e));
    const context = [...groups.values()].filter((g) => !isProblem(g.e));
    const line = (g: { e: EventItem; count: number; capped: boolean; last: string }): EvidenceItem => ({
      label: `${shortProvider(g.e.provider)} ${g.e.id} (${g.e.level})`,
      value: `${g.count}${g.capped ? '+' : ''}×, last ${g.last}: ${meaningOf(g.e)?.text ?? g.e.message}${g.e.message ? ` — "${g.e.message}"` : ''}`,
      source: g.e.log,
    });
    const evidence: EvidenceItem[] = [...problems.map(line), ...context.map(line)];
    if (d.missingLogs.length) evidence.push({ label: 'logs not present', value: d.missingLogs.join(', ') });
    for (const f of d.failedQueries) {
      const what = f.reason === 'unreadable' ? 'not readable by this account' : `query failed: ${f.message}`;
      evidence.push({
        label: `${f.log}${f.provider ? ` (${shortProvider(f.provider)})` : ''}`,
        value: `${what} (${f.errorId})`,
        source: f.log,
      });
    }
    if (problems.length === 0 && d.failedQueries.length > 0) {
      // "No errors" is only true of logs that were read: an unreadable System log hides RCM 1057/1058 and Schannel.
      const logs = [...new Set(d.failedQueries.map((f) => f.log))].join(', ');
      return {
        status: 'warn',
        verdict: `Could not read ${logs}: the events that explain this fault (RCM 1057/1058, Schannel) cannot be ruled out. Run RDP Doctor as administrator.`,
        evidence,
        fixes: [],
      };
    }
    for (const log of d.disabledLogs) evidence.push({ label: log, value: 'disabled (IsEnabled false): records no events', source: log });
    if (problems.length === 0 && d.disabledLogs.length > 0) {
      // "No errors" is only true of channels that record: a disabled RdpCoreTS or LocalSessionManager log is silent.
      const logs = d.disabledLogs.join(', ');
      return {
        status: 'warn',
        verdict: `No Remote Desktop errors in the logs that are on, but ${logs} ${d.disabledLogs.length === 1 ? 'is' : 'are'} turned off, so the errors ${d.disabledLogs.length === 1 ? 'it' : 'they'} would record cannot be ruled out. Turn ${d.disabledLogs.length === 1 ? 'it' : 'them'} on (Event Viewer, or wevtutil sl "<log>" /e:true) and reproduce the failure.`,
        evidence,
        fixes: [],
      };
    }
    if (problems.length === 0) {
      const seen = context.length ? ` (${context.reduce((n, g) => n + g.count, 0)} informational events)` : '';
      return { status: 'pass', verdict: `No Remote Desktop errors in the event log since ${plainDate(d.since)}${seen}.`, evidence };
    }
    const related = [...new Set(problems.flatMap((g) => meaningOf(g.e)?.related ?? []))];
    const what = problems.map((g) => `${shortProvider(g.e.provider)} ${g.e.id}: ${meaningOf(g.e)!.text}`).join('; ');
    const schannelOnly = problems.every((g) => g.e.provider === 'Schannel');
    const scope = schannelOnly
      ? 'TLS errors that may concern Remote Desktop (Schannel logs them for every TLS service on this host)'
      : 'Remote Desktop errors';
    return {
      status: 'warn',
      verdict: `The event log recorded ${scope} in the last 24 h (${what}); see ${related.join(', ')}.`,
      evidence,
      related,
      fixes: [],
    };
  },
  fixes: [],
};

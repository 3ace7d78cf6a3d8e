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

interface Meaning {
  /** What it means, in plain words. */
  text: string;
  /** An error that explains a failed connection (as opposed to context like a logon). */
  problem: boolean;
  related: string[];
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
  [`${LSM_LOG}:21`]: { text: 'a session logon succeeded', problem: false, related: [] },
  [`${LSM_LOG}:24`]: { text: 'a session was disconnected', problem: false, related: [] },
  [`${LSM_LOG}:25`]: { text: 'a session was reconnected', problem: false, related: [] },
  [`${LSM_LOG}:40`]: { text: 'a session was disconnected (reason code in the event)', problem: false, related: [] },
};

export const EVENT_QUERIES = [
  { log: 'System', provider: RCM_PROVIDER, ids: [1057, 1058] },
  { log: 'System', provider: 'Schannel', ids: [36870, 36871, 36874, 36887, 36888] },
  { log: RDPCORETS_LOG, provider: null, ids: [97, 98, 99, 226] },
  { log: LSM_LOG, provider: null, ids: [21, 24, 25, 40] },
];

const EventItem = EventRecord;
type EventItem = EventRecord;
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
  failedQueries: z.array(FailedQuery),
});
type EventsData = z.infer<typeof EventsData>;

function meaningOf(e: EventItem): Meaning | undefined {
  return MEANINGS[`${e.provider}:${e.id}`] ?? MEANINGS[`${e.log}:${e.id}`];
}

/** A problem event is one the table calls a problem and Windows logged above Information. */
function isProblem(e: EventItem): boolean {
  return e.level !== 'Information' && (meaningOf(e)?.problem ?? false);
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
    'System (RemoteConnectionManager 1057/1058; Schannel 36870, 36871, 36874, 36887, 36888), RdpCoreTS/Operational (97, 98, 99, 226), LocalSessionManager/Operational (21, 24, 25, 40)',
  passWhen: 'no error events in the last 24 hours that concern Remote Desktop (a received TLS alert, Schannel 36887, alone is context)',
  source: '002',
  scripts: ['checks/host/events/events'],
  async collect(ctx) {
    return ctx.host.run('checks/host/events/events', { hours: 24, maxPerQuery: 50, queries: EVENT_QUERIES }, EventsData, {
      signal: ctx.signal,
      timeoutMs: 30_000,
    });
  },
  judge(d) {
    const groups = new Map<string, { e: EventItem; count: number; last: string }>();
    for (const e of d.events) {
      const key = `${e.provider}:${e.id}`;
      const g = groups.get(key);
      if (!g) groups.set(key, { e, count: 1, last: e.time });
      else {
        g.count++;
        if (e.time > g.last) g.last = e.time;
      }
    }
    const problems = [...groups.values()].filter((g) => isProblem(g.e));
    const context = [...groups.values()].filter((g) => !isProblem(g.e));
    const line = (g: { e: EventItem; count: number; last: string }): EvidenceItem => ({
      label: `${shortProvider(g.e.provider)} ${g.e.id} (${g.e.level})`,
      value: `${g.count}×, last ${g.last}: ${meaningOf(g.e)?.text ?? g.e.message}${g.e.message ? ` — "${g.e.message}"` : ''}`,
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

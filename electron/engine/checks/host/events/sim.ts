// Model of checks/host/events/events.ps1: Get-WinEvent per query (log, provider, ids, and optionally named
// event data that must equal a value) over the last hours, newest first and at most maxPerQuery per query, folded
// into the newest record of each kind with its count; the named data fields a query asks for come back as `data`.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { EventRecord, WinState } from '../../../../hosts/simulated/state';

interface EventQuery {
  log: string;
  provider: string | null;
  ids: number[];
  dataEquals?: Record<string, string>;
  dataFields?: string[];
}

/**
 * The simulated Security log: its own records plus one 4625 per refused logon the accounts model holds (the
 * same refusals the user-rights model reads): logon type 10, Status 0xC000015B "not granted the requested logon
 * type" (learn.microsoft.com, event 4625, logon status codes).
 */
function logRecords(state: WinState): EventRecord[] {
  const refused = state.accounts.refusedLogons.map((r): EventRecord => ({
    log: 'Security',
    provider: 'Microsoft-Windows-Security-Auditing',
    id: 4625,
    level: 'Information',
    time: r.time,
    message: 'An account failed to log on.',
    data: { TargetUserSid: r.sid, LogonType: '10', Status: '0xc000015b', SubStatus: '0x0' },
  }));
  return [...state.events, ...refused];
}

function matches(e: EventRecord, q: EventQuery, since: Date): boolean {
  return (
    e.log.toLowerCase() === q.log.toLowerCase() &&
    (q.provider === null || e.provider.toLowerCase() === q.provider.toLowerCase()) &&
    q.ids.includes(e.id) &&
    Date.parse(e.time) >= since.getTime() &&
    Object.entries(q.dataEquals ?? {}).every(([k, v]) => e.data?.[k] === v)
  );
}

/** The record as the script prints it: `data` only when asked for, with only the fields asked for. */
function shown(e: EventRecord, q: EventQuery): EventRecord {
  const { data, ...rest } = e;
  if (!q.dataFields?.length) return rest;
  return { ...rest, data: Object.fromEntries(q.dataFields.filter((f) => data?.[f] !== undefined).map((f) => [f, data![f]!])) };
}

/** The newest record of a kind (log, provider, id, the asked-for data) with how many of it the query read. */
type Kind = EventRecord & { count: number; capped?: true };

/**
 * Folds a query's records (newest first) into one per kind, as the .ps1 does; `capped` when the query stopped at
 * maxPerQuery, so the counts are lower bounds.
 */
function newestOfEachKind(q: EventQuery, maxPerQuery: number) {
  const key = (e: EventRecord) => [e.log, e.provider, e.id, ...(q.dataFields ?? []).map((f) => e.data?.[f] ?? '')].join('|');
  return (kinds: Kind[], e: EventRecord, _i: number, read: EventRecord[]): Kind[] => {
    const record = shown(e, q);
    const same = kinds.find((k) => key(k) === key(record));
    if (same) same.count++;
    else kinds.push({ ...record, count: 1, ...(read.length >= maxPerQuery ? { capped: true as const } : {}) });
    return kinds;
  };
}

export const models: SimScriptTable = {
  // Models the .ps1's XPath query per log: a provider is matched inside the query (never LogName+ProviderName,
  // which drops events when the provider does not list the log); an unreadable log is a failed query.
  'checks/host/events/events': ({ state, now }, input: { hours: number; maxPerQuery: number; queries: EventQuery[] }) => {
    const since = new Date(now().getTime() - input.hours * 3_600_000);
    const unreadable = (log: string) => state.unreadableLogs.some((l) => l.toLowerCase() === log.toLowerCase());
    // A disabled channel writes nothing: its events are not there to find, and the script names it.
    const disabled = (log: string) => state.disabledLogs.some((l) => l.toLowerCase() === log.toLowerCase());
    const disabledLogs = [...new Set(input.queries.map((q) => q.log))].filter(disabled);
    const failedQueries = input.queries
      .filter((q) => unreadable(q.log))
      .map((q) => ({
        log: q.log,
        provider: q.provider,
        reason: 'unreadable',
        errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand',
        message: 'Attempted to perform an unauthorized operation.',
      }));
    const records = logRecords(state);
    const events = input.queries
      .filter((q) => !unreadable(q.log) && !disabled(q.log))
      .flatMap((q) =>
        records
          .filter((e) => matches(e, q, since))
          .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
          .slice(0, input.maxPerQuery)
          .reduce(newestOfEachKind(q, input.maxPerQuery), []),
      );
    return { since: since.toISOString(), events, missingLogs: [], disabledLogs, failedQueries };
  },
};

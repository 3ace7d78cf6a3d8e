// Model of checks/host/events/events.ps1: Get-WinEvent per query (log, provider, ids) over the last hours,
// newest first and at most maxPerQuery per query.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';

interface EventQuery {
  log: string;
  provider: string | null;
  ids: number[];
}

export const models: SimScriptTable = {
  // Models the .ps1's XPath query per log: a provider is matched inside the query (never LogName+ProviderName,
  // which drops events when the provider does not list the log); an unreadable log is a failed query.
  'checks/host/events/events': ({ state, now }, input: { hours: number; maxPerQuery: number; queries: EventQuery[] }) => {
    const since = new Date(now().getTime() - input.hours * 3_600_000);
    const unreadable = (log: string) => state.unreadableLogs.some((l) => l.toLowerCase() === log.toLowerCase());
    const failedQueries = input.queries
      .filter((q) => unreadable(q.log))
      .map((q) => ({
        log: q.log,
        provider: q.provider,
        reason: 'unreadable',
        errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand',
        message: 'Attempted to perform an unauthorized operation.',
      }));
    const events = input.queries
      .filter((q) => !unreadable(q.log))
      .flatMap((q) =>
        state.events
          .filter(
            (e) =>
              e.log.toLowerCase() === q.log.toLowerCase() &&
              (q.provider === null || e.provider.toLowerCase() === q.provider.toLowerCase()) &&
              q.ids.includes(e.id) &&
              Date.parse(e.time) >= since.getTime(),
          )
          .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
          .slice(0, input.maxPerQuery),
      );
    return { since: since.toISOString(), events: events.map((e) => ({ ...e })), missingLogs: [], failedQueries };
  },
};

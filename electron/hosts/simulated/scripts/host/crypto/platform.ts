// Models of checks/host/azure, checks/host/os and checks/host/events.
import type { SimScriptTable } from '../../../sim-script';
import { getValue, keyExists } from '../../../registry';
import type { WinState } from '../../../state';

const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';
const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const CBS_REBOOT = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';
const WU_REBOOT = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired';
const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

function regString(state: WinState, name: string): string | null {
  const v = getValue(state, CURRENT_VERSION, name);
  return v && typeof v.data === 'string' ? v.data : null;
}

function pendingReasons(state: WinState): string[] {
  const reasons: string[] = [];
  if (keyExists(state, CBS_REBOOT)) reasons.push('Component Based Servicing: RebootPending');
  // The scenario flag stands for Windows Update's marker, the usual reason.
  if (keyExists(state, WU_REBOOT) || state.computer.pendingReboot) reasons.push('Windows Update: RebootRequired');
  if (getValue(state, SESSION_MANAGER, 'PendingFileRenameOperations')) reasons.push('Session Manager: PendingFileRenameOperations');
  return reasons;
}

interface EventQuery {
  log: string;
  provider: string | null;
  ids: number[];
}

export const platformScripts: SimScriptTable = {
  'checks/host/azure': ({ state }, input: { queryImds: boolean }) => {
    const az = state.computer.azure;
    const registryKey = az.isAzure || keyExists(state, 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure');
    // SMBIOS of a non-Azure machine is not modelled; only an Azure VM's Hyper-V identity is.
    return {
      manufacturer: az.isAzure ? 'Microsoft Corporation' : null,
      model: az.isAzure ? 'Virtual Machine' : null,
      assetTag: az.isAzure ? AZURE_ASSET_TAG : null,
      registryKey,
      guestAgent: registryKey || state.services.WindowsAzureGuestAgent !== undefined,
      imds: {
        queried: az.isAzure && input.queryImds,
        reachable: az.isAzure && input.queryImds,
        vmId: az.isAzure && input.queryImds ? az.vmId : null,
        location: az.isAzure && input.queryImds ? az.location : null,
        vmSize: null,
      },
    };
  },

  'checks/host/os': ({ state }) => {
    const c = state.computer;
    const ubr = getValue(state, CURRENT_VERSION, 'UBR');
    const reasons = pendingReasons(state);
    return {
      caption: c.caption,
      version: `10.0.${c.build}`,
      build: c.build,
      ubr: ubr && typeof ubr.data === 'number' ? ubr.data : null,
      editionId: regString(state, 'EditionID'),
      displayVersion: regString(state, 'DisplayVersion'),
      productType: /Server/i.test(c.caption) ? 'Server' : 'Workstation',
      installationType: regString(state, 'InstallationType'),
      lastBoot: null,
      pendingReboot: reasons.length > 0,
      pendingReasons: reasons,
    };
  },

  // Models the .ps1's XPath query per log: a provider is matched inside the query (never LogName+ProviderName,
  // which drops events when the provider does not list the log); an unreadable log is a failed query.
  'checks/host/events': ({ state, now }, input: { hours: number; maxPerQuery: number; queries: EventQuery[] }) => {
    const since = new Date(now().getTime() - input.hours * 3_600_000);
    const unreadable = (log: string) => state.unreadableLogs.some((l) => l.toLowerCase() === log.toLowerCase());
    const failedQueries = input.queries
      .filter((q) => unreadable(q.log))
      .map((q) => ({ log: q.log, provider: q.provider, reason: 'unreadable', errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand', message: 'Attempted to perform an unauthorized operation.' }));
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

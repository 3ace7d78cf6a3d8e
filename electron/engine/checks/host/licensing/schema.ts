// What licensing.ps1 and its simulator model print. Imports only zod.
import { z } from 'zod';

/** Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin ids about licensing. */
export const LICENSING_EVENT_IDS = [1004, 1028, 1068, 1069] as const;
export const LICENSING_LOG = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin';

export const LicensingOutput = z.object({
  /** TerminalServerMode 1: the RD Session Host role; null when the WMI class could not be read. */
  sessionHost: z.boolean().nullable(),
  /** Win32_TerminalServiceSetting.LicensingType: 2 Per Device, 4 Per User, anything else not configured. */
  licensingType: z.number().nullable(),
  licensingName: z.string().nullable(),
  /** GetSpecifiedLicenseServerList. */
  licenseServers: z.array(z.string()),
  /** TCP 135 (RPC endpoint mapper) of each license server within 2 s. */
  reachable: z.array(z.object({ server: z.string(), ok: z.boolean() })),
  /** GetGracePeriodDays; 0 means the grace period is over. */
  graceDaysLeft: z.number().nullable(),
  events: z.array(z.object({ id: z.number(), time: z.string(), message: z.string() })),
  /** Reads that failed for a reason other than "not there" (e.g. access denied): what, and why. */
  unreadable: z.array(z.object({ what: z.string(), reason: z.string() })).default([]),
});
export type LicensingOutput = z.infer<typeof LicensingOutput>;

// What user-rights.ps1 and its simulator model print, and what rdu-member.ps1 answers. Shared by check.ts
// and sim.ts, so it imports only zod.
import { z } from 'zod';

export const SID_ADMINISTRATORS = 'S-1-5-32-544';
export const SID_REMOTE_DESKTOP_USERS = 'S-1-5-32-555';

const Right = z.object({
  sids: z.array(z.string()),
  policy: z.string().nullable(),
  /** Why RSOP could not be read (e.g. access denied): then whether Group Policy sets the right is unknown. */
  policyUnreadable: z.string().nullable().default(null),
});
const Member = z.object({ sid: z.string(), name: z.string().nullable() });

export const UserRightsOutput = z.object({
  /** SeRemoteInteractiveLogonRight ("Allow log on through Remote Desktop Services") by SID. */
  allow: Right,
  /** SeDenyRemoteInteractiveLogonRight ("Deny log on through Remote Desktop Services") by SID. */
  deny: Right,
  administrators: z.array(Member),
  remoteDesktopUsers: z.array(Member),
  /**
   * Accounts refused with logon type not granted (4625, 0xC000015B), and the account the technician connects
   * with (given: true; lastRefused null unless the log refused it too), with the groups of their token.
   */
  accounts: z.array(
    z.object({
      sid: z.string(),
      name: z.string().nullable(),
      /** Every group SID in the account's logon token (nested, domain and local); null when it cannot be read. */
      tokenGroups: z.array(z.string()).nullable(),
      lastRefused: z.string().nullable(),
      given: z.boolean().default(false),
      /**
       * The account's SID lies in this PC's own account domain (SecurityIdentifier.AccountDomainSid equals the
       * machine's): a local account, whose Remote Desktop logon token LSA gives S-1-5-113 "Local account" (and
       * S-1-5-114 when it is in Administrators). null: the machine's domain SID could not be read.
       */
      local: z.boolean().nullable().default(null),
    }),
  ),
  /** Accounts given that the host could not resolve to a SID (no such account, domain unreachable). */
  unresolved: z.array(z.object({ name: z.string(), reason: z.string() })).default([]),
  securityLogReadable: z.boolean(),
});
export type UserRightsOutput = z.infer<typeof UserRightsOutput>;

export const RduMemberResult = z.object({ sid: z.string(), member: z.boolean() });

// What session-limits.ps1 and its simulator model print, and what session-logoff.ps1 answers. Imports only zod.
import { z } from 'zod';

const Dword = z.number().nullable();

export const SessionRow = z.object({
  id: z.number(),
  /** WinStation name: Console, RDP-Tcp#3, Services, RDP-Tcp (the listener). */
  station: z.string(),
  user: z.string().nullable(),
  state: z.enum(['Active', 'Connected', 'ConnectQuery', 'Shadow', 'Disconnected', 'Idle', 'Listen', 'Reset', 'Down', 'Init']),
  disconnectedAt: z.string().nullable(),
});
export type SessionRow = z.infer<typeof SessionRow>;

export const SessionLimitsOutput = z.object({
  productType: z.enum(['Workstation', 'DomainController', 'Server']),
  /** Win32_TerminalServiceSetting.TerminalServerMode = 1: the Remote Desktop Session Host role. */
  sessionHost: z.boolean().nullable(),
  /** Why Win32_TerminalServiceSetting could not be read (e.g. access denied): then the role is unknown. */
  sessionHostUnreadable: z.string().nullable().default(null),
  /** MaxInstanceCount: the RDP-Tcp WinStation value and the Group Policy value ("Limit number of connections"). */
  maxInstanceLocal: Dword,
  maxInstancePolicy: Dword,
  /** fSingleSessionPerUser: Terminal Server key and Group Policy ("Restrict ... to a single ... session"). */
  singleSessionLocal: Dword,
  singleSessionPolicy: Dword,
  sessions: z.array(SessionRow),
});
export type SessionLimitsOutput = z.infer<typeof SessionLimitsOutput>;

export const LogoffResult = z.object({ sessionId: z.number(), loggedOff: z.boolean() });

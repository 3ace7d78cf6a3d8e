// host.session-limits: is every session the host allows already taken? MaxInstanceCount (RDP-Tcp, or Group
// Policy "Limit number of connections", which wins), the edition's own limit (a Windows Server without the RD
// Session Host role allows two remote administration sessions), fSingleSessionPerUser, and the sessions in use,
// including disconnected ones that still hold a slot. Fix: log off one disconnected session (confirmed,
// irreversible: its unsaved work is lost).
// Sources: learn.microsoft.com "Limit number of connections" policy (MaxInstanceCount), WTSEnumerateSessions /
// WTS_CONNECTSTATE_CLASS, WTSLogoffSession.
import { z } from 'zod';
import type { FixParams } from '../../../../../shared/model';
import { FixError } from '../../../fix-error';
import type { Check, CheckContext, Fix, Judgement } from '../../../types';
import { LogoffResult, SessionLimitsOutput, type SessionRow } from './schema';

const SCRIPT = 'checks/host/session-limits/session-limits';
const LOGOFF_SCRIPT = 'checks/host/session-limits/session-logoff';
/** MaxInstanceCount 999999 (the policy's "unlimited", admx TS_MAX_CON_POLICY) or more, up to 0xFFFFFFFF: no limit. */
const UNLIMITED_FROM = 999999;
type Data = SessionLimitsOutput;

/** Sessions that take a remote connection slot: a user's, not the console, not the listener. */
function slotHolders(d: Data): SessionRow[] {
  return d.sessions.filter((s) => s.user !== null && s.station.toLowerCase() !== 'console' && s.state !== 'Listen' && s.state !== 'Down');
}

interface Limit {
  value: number;
  why: string;
}

const explicitLimit = (d: Data) => d.maxInstancePolicy ?? d.maxInstanceLocal;

function effectiveLimit(d: Data): Limit | null {
  const explicit = explicitLimit(d);
  const limits: Limit[] = [];
  if (explicit !== null && explicit < UNLIMITED_FROM) {
    limits.push({
      value: explicit,
      why: `MaxInstanceCount ${explicit}${d.maxInstancePolicy !== null ? ' (Group Policy "Limit number of connections")' : ' (RDP-Tcp)'}`,
    });
  }
  // Client editions hand the one session over (the signed-in user is asked) instead of refusing: no slot limit.
  if (d.productType !== 'Workstation' && d.sessionHost !== true)
    limits.push({ value: 2, why: 'Windows Server without the RD Session Host role allows 2 remote administration sessions' });
  return limits.sort((a, b) => a.value - b.value)[0] ?? null;
}

const describe = (s: SessionRow) =>
  `session ${s.id} (${s.user ?? 'no user'}, ${s.state.toLowerCase()}${s.disconnectedAt ? ` since ${s.disconnectedAt}` : s.state === 'Disconnected' ? ', since when unknown' : ''})`;

/** The disconnected sessions that hold a slot, the one disconnected longest first (unknown times last, then id). */
function disconnectedHolders(d: Data): SessionRow[] {
  const list = slotHolders(d).filter((s) => s.state === 'Disconnected');
  return list.sort((a, b) => (a.disconnectedAt ?? '9').localeCompare(b.disconnectedAt ?? '9') || a.id - b.id);
}

/** The technician's choice: `--session 3` on the command line, the picker in the app. Absent: the default. */
const LogoffParams = z
  .object({
    session: z
      .number({ error: 'expected a session id, a whole number such as 3 (from the check\'s "Sessions in use")' })
      .int('expected a session id, a whole number such as 3')
      .min(0, 'expected a session id from 0 to 65535')
      .max(65535, 'expected a session id from 0 to 65535')
      .optional(),
  })
  .strict();

/**
 * The default session, the one disconnected longest: only when that is known (every candidate's disconnect time
 * was read, or there is one candidate). Windows may not report a time (WTSQuerySessionInformation refused):
 * then there is no default, and the lowest session id is never passed off as "disconnected longest".
 */
function defaultDisconnected(list: SessionRow[]): SessionRow | null {
  if (list.length === 1 || list.every((s) => s.disconnectedAt !== null)) return list[0] ?? null;
  return null;
}

/** The session to log off: the one the technician picked, which must still be disconnected; else the default. */
function pickDisconnected(d: Data, params: FixParams): SessionRow {
  const list = disconnectedHolders(d);
  const { session } = LogoffParams.parse(params);
  const ids = list.map((s) => s.id).join(', ') || 'none';
  if (session === undefined) {
    if (!list[0]) throw new FixError('conflict', 'No disconnected session holds a slot. Nothing was changed.');
    const chosen = defaultDisconnected(list);
    if (!chosen)
      throw new FixError(
        'bad-input',
        `params.session: the host did not report when these sessions were disconnected, so which one was disconnected longest is unknown; pick one (--session ID; disconnected now: ${ids}). Nothing was changed.`,
        'params.session',
      );
    return chosen;
  }
  const chosen = list.find((s) => s.id === session);
  if (!chosen) {
    throw new FixError(
      'bad-input',
      `params.session: session ${session} is not a disconnected session holding a slot on this host (disconnected now: ${ids}). Nothing was changed.`,
      'params.session',
    );
  }
  return chosen;
}

function judge(d: Data): Judgement {
  const holders = slotHolders(d);
  const limit = effectiveLimit(d);
  const single = d.singleSessionPolicy ?? d.singleSessionLocal;
  const evidence = [
    {
      label: 'Edition',
      value: `${d.productType}${d.sessionHost ? ', RD Session Host' : d.sessionHostUnreadable ? `, role unknown (could not read: ${d.sessionHostUnreadable})` : ''}`,
      source: 'Win32_OperatingSystem, Win32_TerminalServiceSetting',
    },
    {
      label: 'MaxInstanceCount',
      value: d.maxInstancePolicy ?? d.maxInstanceLocal ?? '(not set)',
      source: d.maxInstancePolicy !== null ? 'Group Policy' : 'RDP-Tcp',
    },
    {
      label: 'fSingleSessionPerUser',
      value: single ?? '(not set: 1)',
      source: d.singleSessionPolicy !== null ? 'Group Policy' : 'Terminal Server',
    },
    { label: 'Limit', value: limit ? `${limit.value}: ${limit.why}` : 'none', source: 'RDP Doctor' },
    { label: 'Sessions in use', value: holders.length ? holders.map(describe).join('; ') : '(none)', source: 'WTSEnumerateSessions' },
  ];
  if (limit && holders.length >= limit.value) {
    const disconnected = holders.filter((s) => s.state === 'Disconnected');
    const hold = disconnected.length
      ? ` ${disconnected.length} of them ${disconnected.length === 1 ? 'is' : 'are'} disconnected but still hold${disconnected.length === 1 ? 's' : ''} a slot: log one off.`
      : ' All are active: ask a user to sign out.';
    // The 2-session limit of a Server without the role is only a guess when the role could not be read.
    const explicit = explicitLimit(d);
    const guessed = !!d.sessionHostUnreadable && limit.value === 2 && (explicit === null || explicit > 2);
    if (guessed)
      return {
        status: 'warn',
        verdict: `${holders.length} sessions are in use, which is every slot a Windows Server without the RD Session Host role allows; but could not read Win32_TerminalServiceSetting (${d.sessionHostUnreadable}), so whether this server has the role (and more slots) is unknown.`,
        evidence,
        fixes: disconnected.length ? ['log-off-disconnected-session'] : [],
      };
    return {
      status: 'fail',
      verdict: `Every session the host allows is in use (${holders.length} of ${limit.value}; ${limit.why}), so nobody else can sign in until a slot is free (users see "the number of connections to this computer is limited").${hold}`,
      evidence,
      fixes: disconnected.length ? ['log-off-disconnected-session'] : [],
    };
  }
  const room = limit
    ? `${holders.length} of ${limit.value} sessions in use`
    : `${holders.length} remote session${holders.length === 1 ? '' : 's'} in use, no session limit`;
  return { status: 'pass', verdict: `The host has room for another session: ${room}.`, evidence };
}

interface LogoffSnapshot {
  [key: string]: number | string | null;
  sessionId: number;
  user: string;
  station: string;
  disconnectedAt: string | null;
}

const logOffDisconnectedSession: Fix<Data, LogoffSnapshot> = {
  id: 'log-off-disconnected-session',
  touches: { shape: 'session-logoff' },
  title: 'Log off a disconnected session that holds a slot',
  description:
    "Logs off the disconnected session you pick (by default the one disconnected longest, when the host reports disconnect times; otherwise you must pick), after checking that it is still disconnected and still that user's. Its programs close.",
  reversible: false,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: true,
  confirmText:
    'Unsaved work in that session is lost and cannot be brought back. RDP Doctor keeps the session, user and time in the journal.',
  blockedBy: (data) => (disconnectedHolders(data).length ? null : 'No disconnected session holds a slot.'),
  params: LogoffParams,
  choices: (data) => [
    {
      name: 'session',
      label: 'Session to log off',
      options: disconnectedHolders(data).map((s) => ({ value: s.id, label: describe(s) })),
    },
  ],
  async snapshot(_ctx, data, params) {
    const s = pickDisconnected(data, params);
    if (s.user === null) throw new FixError('conflict', `Session ${s.id} has no user. Nothing was changed.`);
    return { sessionId: s.id, user: s.user, station: s.station, disconnectedAt: s.disconnectedAt };
  },
  plan(snapshot) {
    return {
      changes: [
        {
          what: `Session ${snapshot.sessionId} of ${snapshot.user}`,
          before: `disconnected${snapshot.disconnectedAt ? ` since ${snapshot.disconnectedAt}` : ''}`,
          after: '(logged off)',
        },
      ],
      warnings: [`${snapshot.user}'s programs in that session close without saving.`],
    };
  },
  async apply(ctx, snapshot) {
    const r = await ctx.host.run(LOGOFF_SCRIPT, { sessionId: snapshot.sessionId, user: snapshot.user }, LogoffResult, {
      signal: ctx.signal,
    });
    // WTSLogoffSession can return FALSE (the session ended meanwhile, access denied): never report that as done.
    if (!r.loggedOff) throw new Error(`Windows did not log off session ${snapshot.sessionId} (WTSLogoffSession returned FALSE)`);
  },
};

export const check: Check<Data> = {
  id: 'host.session-limits',
  rank: 85,
  side: 'host',
  layer: 'services',
  title: 'A session is free for the connection',
  reads:
    'MaxInstanceCount (RDP-Tcp and Group Policy), fSingleSessionPerUser, the edition and TerminalServerMode, and the sessions from WTSEnumerateSessions with their disconnect times (WTSQuerySessionInformation WTSSessionInfo)',
  passWhen: 'fewer sessions hold a slot than the host allows',
  source: 'beyond seeds; Microsoft: policy "Limit number of connections" (MaxInstanceCount), WTSEnumerateSessions, WTSLogoffSession',
  scripts: [SCRIPT, LOGOFF_SCRIPT],
  async collect(ctx: CheckContext) {
    return ctx.host.run(SCRIPT, {}, SessionLimitsOutput, { signal: ctx.signal });
  },
  judge,
  fixes: [logOffDisconnectedSession],
};

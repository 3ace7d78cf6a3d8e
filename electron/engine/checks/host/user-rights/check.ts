// host.user-rights: may the account that connects log on through Remote Desktop Services? It must hold
// SeRemoteInteractiveLogonRight and not SeDenyRemoteInteractiveLogonRight, by SID, through the groups of its
// logon token (nested and domain groups, not a name match); in practice, be a member of Administrators or
// Remote Desktop Users. The accounts judged are those the Security log shows refused for "logon type not
// granted" (4625, 0xC000015B). Fix: add such an account to Remote Desktop Users (reversible); a right set by
// Group Policy is named, never edited.
// Sources: "Allow log on through Remote Desktop Services" and "Deny log on through Remote Desktop Services"
// (learn.microsoft.com/windows/security/threat-protection/security-policy-settings/...), event 4625
// (learn.microsoft.com/windows/security/threat-protection/auditing/event-4625).
import { z } from 'zod';
import { parseAccountName } from '../../../../../shared/account';
import { FixError } from '../../../fix-error';
import type { Check, CheckContext, Fix, Judgement } from '../../../types';
import { RduMemberResult, SID_ADMINISTRATORS, SID_REMOTE_DESKTOP_USERS, UserRightsOutput } from './schema';

const SCRIPT = 'checks/host/user-rights/user-rights';
const MEMBER_SCRIPT = 'checks/host/user-rights/rdu-member';
const LOOKBACK_DAYS = 7;
type Data = UserRightsOutput;
type Account = Data['accounts'][number];

/** Everyone, Authenticated Users, Users: a deny on these refuses every account. */
const BROAD = new Map([
  ['S-1-1-0', 'Everyone'],
  ['S-1-5-11', 'Authenticated Users'],
  ['S-1-5-32-545', 'Users'],
  [SID_ADMINISTRATORS, 'Administrators'],
  [SID_REMOTE_DESKTOP_USERS, 'Remote Desktop Users'],
]);

const SID_LOCAL_ACCOUNT = 'S-1-5-113';
const SID_LOCAL_ADMIN = 'S-1-5-114';

/** Well-known SIDs a user right may list, by their English names (learn.microsoft.com "Well-known SIDs"). */
const WELL_KNOWN = new Map([
  ...BROAD,
  ['S-1-5-4', 'INTERACTIVE'],
  ['S-1-5-14', 'REMOTE INTERACTIVE LOGON'],
  ['S-1-5-32-546', 'Guests'],
  [SID_LOCAL_ACCOUNT, 'Local account'],
  [SID_LOCAL_ADMIN, 'Local account and member of Administrators group'],
]);
const named = (sid: string) => WELL_KNOWN.get(sid) ?? sid;

/**
 * The SIDs LSA puts in every Remote Desktop logon token besides the account's groups, which the host reads
 * without a logon (GetAuthorizationGroups): Everyone, Authenticated Users (not for Guest, RID 501), INTERACTIVE
 * and REMOTE INTERACTIVE LOGON ("users logging on locally or through a Remote Desktop connection"), Users (which
 * holds Authenticated Users and INTERACTIVE by default), and for an account of this PC "Local account" (S-1-5-113)
 * and, in Administrators, S-1-5-114. Sources: learn.microsoft.com "Well-known SIDs" and "Special identities";
 * CIS/DISA STIG put "Local account" in "Deny log on through Remote Desktop Services".
 */
function logonSids(a: Account, groups: string[]): string[] {
  const out = ['S-1-1-0', 'S-1-5-4', 'S-1-5-14', 'S-1-5-32-545'];
  if (!a.sid.endsWith('-501')) out.push('S-1-5-11');
  if (a.local === true) out.push(SID_LOCAL_ACCOUNT, ...(groups.includes(SID_ADMINISTRATORS) ? [SID_LOCAL_ADMIN] : []));
  return out;
}

interface Verdict {
  account: Account;
  allowed: boolean;
  why: string;
  /** Adding the account to Remote Desktop Users would let it log on. */
  groupFixes: boolean;
}

function rightSource(r: Data['deny']): string {
  if (r.policy) return `Group Policy "${r.policy}"`;
  if (r.policyUnreadable) return `local security policy or Group Policy: could not read RSOP (${r.policyUnreadable})`;
  return 'local security policy';
}

function assess(d: Data, a: Account): Verdict {
  const who = a.name ?? a.sid;
  if (a.tokenGroups === null)
    return { account: a, allowed: false, why: `the groups of ${who} could not be read (domain unreachable?)`, groupFixes: false };
  const sids = [a.sid, ...a.tokenGroups, ...logonSids(a, a.tokenGroups)];
  const denied = sids.filter((s) => d.deny.sids.includes(s));
  if (denied.length > 0) {
    const by = denied.map(named).join(', ');
    return {
      account: a,
      allowed: false,
      why: `${who} is denied "Log on through Remote Desktop Services" through ${by} (${rightSource(d.deny)})${denied.includes(SID_LOCAL_ACCOUNT) || denied.includes(SID_LOCAL_ADMIN) ? ': it is an account of this PC; connect with a domain account' : ''}`,
      groupFixes: false,
    };
  }
  // A local account is denied by "Local account" only when the host knew it was local: unknown is not a pass.
  const localDeny = d.deny.sids.some((s) => s === SID_LOCAL_ACCOUNT || s === SID_LOCAL_ADMIN);
  if (localDeny && a.local === null)
    return {
      account: a,
      allowed: false,
      why: `"Deny log on through Remote Desktop Services" includes Local account, and whether ${who} is an account of this PC could not be read`,
      groupFixes: false,
    };
  const viaGroup = sids.includes(SID_ADMINISTRATORS) || sids.includes(SID_REMOTE_DESKTOP_USERS);
  const grants = sids.filter((s) => d.allow.sids.includes(s));
  if (grants.length > 0 && viaGroup)
    return {
      account: a,
      allowed: true,
      why: `${who} may log on remotely now (a member of ${sids.includes(SID_ADMINISTRATORS) ? 'Administrators' : 'Remote Desktop Users'})`,
      groupFixes: false,
    };
  if (grants.length > 0)
    return {
      account: a,
      allowed: true,
      why: `${who} holds "Allow log on through Remote Desktop Services" ${grants.includes(a.sid) ? 'directly' : `through ${grants.map(named).join(', ')}`}`,
      groupFixes: false,
    };
  const rduGranted = d.allow.sids.includes(SID_REMOTE_DESKTOP_USERS);
  return {
    account: a,
    allowed: false,
    why: rduGranted
      ? `${who} is not a member of Remote Desktop Users or Administrators, not even through a nested or domain group`
      : `${who} does not hold "Allow log on through Remote Desktop Services", and that right does not include Remote Desktop Users${d.allow.policy ? ` (set by Group Policy "${d.allow.policy}")` : ''}`,
    groupFixes: rduGranted,
  };
}

function evidenceOf(d: Data, verdicts: Verdict[]) {
  const names = (m: Data['administrators']) => (m.length ? m.map((x) => x.name ?? x.sid).join(', ') : '(none)');
  return [
    {
      label: 'Allow log on through Remote Desktop Services',
      value: d.allow.sids.map(named).join(', ') || '(nobody)',
      source: `SeRemoteInteractiveLogonRight${d.allow.policy ? `, Group Policy "${d.allow.policy}"` : d.allow.policyUnreadable ? `, Group Policy unknown: could not read RSOP (${d.allow.policyUnreadable})` : ''}`,
    },
    {
      label: 'Deny log on through Remote Desktop Services',
      value: d.deny.sids.map(named).join(', ') || '(nobody)',
      source: `SeDenyRemoteInteractiveLogonRight${d.deny.policy ? `, Group Policy "${d.deny.policy}"` : d.deny.policyUnreadable ? `, Group Policy unknown: could not read RSOP (${d.deny.policyUnreadable})` : ''}`,
    },
    { label: 'Administrators', value: names(d.administrators), source: 'S-1-5-32-544' },
    { label: 'Remote Desktop Users', value: names(d.remoteDesktopUsers), source: 'S-1-5-32-555' },
    ...verdicts.map((v) =>
      v.account.lastRefused
        ? { label: `Refused ${v.account.lastRefused}`, value: v.why, source: 'Security log 4625, 0xC000015B' }
        : { label: 'The account you connect with', value: v.why, source: 'resolved to its SID on the host, its token groups' },
    ),
    ...d.unresolved.map((u) => ({ label: 'The account you connect with', value: `${u.name}: ${u.reason}`, source: 'NTAccount.Translate' })),
    ...(d.securityLogReadable
      ? []
      : [{ label: 'Security log', value: '(not readable: run as administrator to see refused accounts)', source: 'Get-WinEvent' }]),
  ];
}

function judge(d: Data): Judgement {
  const verdicts = d.accounts.map((a) => assess(d, a));
  const evidence = evidenceOf(d, verdicts);
  const refused = verdicts.filter((v) => !v.allowed);
  const policy = d.deny.policy ?? d.allow.policy;
  if (refused.length > 0) {
    // The fix acts on the accounts the log shows refused, or on the account the technician names (its plan
    // reads that account again on the host, by name, so the button never acts on a guess).
    const fixable = refused.some((v) => v.groupFixes);
    const advice = refused.some((v) => v.groupFixes) ? ' Add the account to Remote Desktop Users.' : '';
    return {
      status: 'fail',
      verdict: `The host refuses Remote Desktop logons because of user rights: ${refused.map((v) => v.why).join('; ')}.${advice || (policy ? ` The right comes from Group Policy "${policy}": change it there.` : '')}`,
      evidence,
      fixes: fixable ? ['add-to-remote-desktop-users'] : [],
      ...(policy && !fixable ? { related: ['host.group-policy'] } : {}),
    };
  }
  const broadDeny = d.deny.sids.filter((s) => BROAD.has(s));
  if (broadDeny.length > 0) {
    return {
      status: 'fail',
      verdict: `"Deny log on through Remote Desktop Services" includes ${broadDeny.map((s) => BROAD.get(s)).join(', ')}: nobody in it can connect.`,
      evidence,
      fixes: [],
      ...(d.deny.policy ? { related: ['host.group-policy'] } : {}),
    };
  }
  // Everyone, Authenticated Users, Users or REMOTE INTERACTIVE LOGON in the allow list take in every account:
  // every Remote Desktop logon token holds them.
  const broadAllow = ['S-1-1-0', 'S-1-5-11', 'S-1-5-32-545', 'S-1-5-14'].some((s) => d.allow.sids.includes(s));
  if (!broadAllow && !d.allow.sids.includes(SID_REMOTE_DESKTOP_USERS) && !d.allow.sids.includes(SID_ADMINISTRATORS)) {
    return {
      status: 'warn',
      verdict:
        '"Allow log on through Remote Desktop Services" includes neither Administrators nor Remote Desktop Users: only the accounts listed in it can connect.',
      evidence,
      fixes: [],
    };
  }
  if (d.unresolved.length > 0) {
    const u = d.unresolved[0]!;
    return {
      status: 'warn',
      verdict: `The host could not find the account you connect with, ${u.name} (${u.reason}): check the spelling and the domain; its rights cannot be judged.`,
      evidence,
      fixes: [],
    };
  }
  const earlier = verdicts.filter((v) => v.account.lastRefused !== null);
  const recovered = earlier.length
    ? ` Accounts refused earlier may log on now: ${earlier.map((v) => v.account.name ?? v.account.sid).join(', ')}.`
    : '';
  const given = verdicts.find((v) => v.account.given);
  const yours = given ? ` The account you connect with: ${given.why}.` : '';
  const localDenied = d.deny.sids.includes(SID_LOCAL_ACCOUNT) || d.deny.sids.includes(SID_LOCAL_ADMIN);
  const locals = localDenied ? ' Accounts of this PC (Local account) are denied: connect with a domain account.' : '';
  return {
    status: 'pass',
    verdict: `Administrators and Remote Desktop Users may log on through Remote Desktop Services, and no account was refused for its logon type in the last ${LOOKBACK_DAYS} days.${recovered}${yours}${locals}`,
    evidence,
  };
}

const AddParams = z
  .object({
    account: z
      .string({ error: 'expected an account as DOMAIN\\name or name@domain' })
      .refine((t) => parseAccountName(t, 'account').ok, 'expected an account as DOMAIN\\name or name@domain (for example CORP\\j.doe)')
      .optional(),
  })
  .strict();

/** Refused accounts that membership of Remote Desktop Users would let in (not denied, not unreadable). */
function fixableVerdicts(d: Data): Verdict[] {
  return d.accounts.map((a) => assess(d, a)).filter((v) => !v.allowed && v.groupFixes);
}

/** The account the technician named, read again on the host by name: it must exist and be refused for want of the group. */
async function namedAccount(ctx: CheckContext, account: string): Promise<Verdict[]> {
  const d = await ctx.host.run(SCRIPT, { days: LOOKBACK_DAYS, users: [account] }, UserRightsOutput, { signal: ctx.signal });
  const unresolved = d.unresolved.find((u) => u.name.toLowerCase() === account.toLowerCase());
  if (unresolved)
    throw new FixError(
      'bad-input',
      `params.account: the host cannot find ${account} (${unresolved.reason}). Nothing was changed.`,
      'params.account',
    );
  const verdict = d.accounts.map((a) => assess(d, a)).find((v) => v.account.given);
  if (!verdict) throw new FixError('bad-input', `params.account: the host did not read ${account}. Nothing was changed.`, 'params.account');
  if (verdict.allowed || !verdict.groupFixes)
    throw new FixError(
      'conflict',
      `params.account: ${verdict.why}; adding it to Remote Desktop Users would not change that. Nothing was changed.`,
      'params.account',
    );
  return [verdict];
}

interface AddSnapshot {
  [key: string]: string[] | { sid: string; name: string | null }[];
  accounts: { sid: string; name: string | null }[];
}

/** Adds or removes one account; the script reads the membership back, and only that answer counts as done. */
async function setMembership(ctx: CheckContext, sid: string, action: 'add' | 'remove'): Promise<void> {
  const r = await ctx.host.run(MEMBER_SCRIPT, { sid, action }, RduMemberResult, { signal: ctx.signal });
  if (r.member !== (action === 'add'))
    throw new Error(`${sid} is ${r.member ? 'still' : 'not'} a member of Remote Desktop Users after "${action}"`);
}

const addToRemoteDesktopUsers: Fix<Data, AddSnapshot> = {
  id: 'add-to-remote-desktop-users',
  touches: { shape: 'group-membership', group: SID_REMOTE_DESKTOP_USERS },
  title: 'Add the refused account to Remote Desktop Users',
  description:
    'Adds the account you pick (the one you connect with, or one the host refused for its logon type) to the local group Remote Desktop Users, by SID; without a pick, every account the Security log shows refused. Rollback removes it again.',
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: false,
  params: AddParams,
  choices: (data) => {
    const options = fixableVerdicts(data).map((v) => ({ value: v.account.name ?? v.account.sid, label: v.why }));
    return options.length ? [{ name: 'account', label: 'Account to add', options }] : [];
  },
  async snapshot(ctx, data, params) {
    const { account } = AddParams.parse(params);
    const chosen =
      account === undefined ? fixableVerdicts(data).filter((v) => v.account.lastRefused !== null) : await namedAccount(ctx, account);
    if (chosen.length === 0)
      throw new FixError(
        'conflict',
        'params.account: no account was refused for its logon type; name the account you connect with (--user DOMAIN\\name). Nothing was changed.',
        'params.account',
      );
    return { accounts: chosen.map((v) => ({ sid: v.account.sid, name: v.account.name })) };
  },
  plan(snapshot) {
    return {
      changes: snapshot.accounts.map((a) => ({
        what: 'Local group Remote Desktop Users (S-1-5-32-555)',
        before: `without ${a.name ?? a.sid}`,
        after: `with ${a.name ?? a.sid}`,
      })),
      warnings: ['The account may log on to this PC through Remote Desktop from now on.'],
    };
  },
  async apply(ctx, snapshot) {
    for (const a of snapshot.accounts) await setMembership(ctx, a.sid, 'add');
  },
  async rollback(ctx, snapshot) {
    for (const a of snapshot.accounts) await setMembership(ctx, a.sid, 'remove');
  },
};

export const check: Check<Data> = {
  id: 'host.user-rights',
  rank: 83,
  side: 'host',
  layer: 'policy',
  title: 'The account may log on through Remote Desktop',
  reads: `SeRemoteInteractiveLogonRight and SeDenyRemoteInteractiveLogonRight by SID (secedit, RSOP for Group Policy), Administrators and Remote Desktop Users by SID, and Security log 4625 with 0xC000015B (last ${LOOKBACK_DAYS} days) and the account you connect with (diagnose --user, the start screen), resolved to its SID on the host, each with its token groups and whether it is an account of this PC (its SID's domain part against the machine's); the judge adds the SIDs every Remote Desktop logon token holds (Everyone, Authenticated Users, INTERACTIVE, REMOTE INTERACTIVE LOGON, Users, and Local account for an account of this PC)`,
  passWhen:
    'Administrators and Remote Desktop Users hold the allow right, nobody broad is denied, and every account refused for its logon type may log on now',
  source:
    'beyond seeds; Microsoft: User Rights Assignment "Allow/Deny log on through Remote Desktop Services", Security event 4625 (0xC000015B)',
  scripts: [SCRIPT, MEMBER_SCRIPT],
  async collect(ctx: CheckContext) {
    // The connecting account goes to the host as data; it resolves it to a SID and reads its token groups.
    return ctx.host.run(SCRIPT, { days: LOOKBACK_DAYS, users: ctx.account ? [ctx.account] : [] }, UserRightsOutput, {
      signal: ctx.signal,
    });
  },
  judge,
  fixes: [addToRemoteDesktopUsers],
};

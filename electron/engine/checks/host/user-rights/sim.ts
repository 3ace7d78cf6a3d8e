// Simulator models of user-rights.ps1 and rdu-member.ps1 on the modelled accounts: a token holds every group
// that contains the account, directly or through other groups (as LSA builds it at logon).
import { machineSidOf } from '../../../../hosts/simulated/ops/host-identity';
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import type { Accounts, WinState } from '../../../../hosts/simulated/state';
import { SimError } from '../../../../hosts/simulated/world';
import { SID_REMOTE_DESKTOP_USERS } from './schema';

function tokenGroups(accounts: Accounts, sid: string): string[] {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [group, members] of Object.entries(accounts.members)) {
      if (out.has(group)) continue;
      if (members.some((m) => m === sid || out.has(m))) {
        out.add(group);
        grew = true;
      }
    }
  }
  return [...out].sort();
}

/** SecurityIdentifier.AccountDomainSid: S-1-5-21-a-b-c of S-1-5-21-a-b-c-rid; null for a well-known SID. */
function accountDomainSid(sid: string): string | null {
  const m = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/.exec(sid);
  return m ? m[1]! : null;
}

const member = (a: Accounts, sid: string) => ({ sid, name: a.principals[sid]?.name ?? null });

function cutoff(now: Date, days: number): number {
  return now.getTime() - days * 86_400_000;
}

/**
 * NTAccount.Translate(SecurityIdentifier): a user name (DOMAIN\\name, case-insensitive) to its SID; a name the
 * model does not hold is unresolved, as LookupAccountName fails with "some or all identity references could not
 * be translated".
 */
function resolveUsers(a: Accounts, users: string[]): { given: string[]; unresolved: { name: string; reason: string }[] } {
  const given: string[] = [];
  const unresolved: { name: string; reason: string }[] = [];
  for (const name of users) {
    const sid = Object.entries(a.principals).find(([, p]) => p.kind === 'user' && p.name.toLowerCase() === name.toLowerCase())?.[0];
    if (sid) given.push(sid);
    else unresolved.push({ name, reason: 'no such account on this PC or in its domain' });
  }
  return { given, unresolved };
}

export const models: SimScriptTable = {
  'checks/host/user-rights/user-rights': ({ state, now }, input: { days: number; users?: string[] }) => {
    const a = state.accounts;
    // RSOP_UserPrivilegeRight refused (WBEM_E_ACCESS_DENIED): which Group Policy sets a right is unknown.
    const rsopDenied = state.unreadableWmiClasses.includes('RSOP_UserPrivilegeRight');
    const right = (name: string) => {
      const r = a.rights[name] ?? { sids: [], policy: null };
      return rsopDenied ? { ...r, policy: null, policyUnreadable: 'access denied' } : { ...r, policyUnreadable: null };
    };
    const since = cutoff(now(), input.days);
    const machineSid = machineSidOf(state);
    const latest = new Map<string, string>();
    for (const r of a.refusedLogons) if (Date.parse(r.time) >= since && (latest.get(r.sid) ?? '') < r.time) latest.set(r.sid, r.time);
    const { given, unresolved } = resolveUsers(a, input.users ?? []);
    const sids = [...new Set([...latest.keys(), ...given])];
    return {
      allow: right('SeRemoteInteractiveLogonRight'),
      deny: right('SeDenyRemoteInteractiveLogonRight'),
      administrators: (a.members['S-1-5-32-544'] ?? []).map((s) => member(a, s)),
      remoteDesktopUsers: (a.members[SID_REMOTE_DESKTOP_USERS] ?? []).map((s) => member(a, s)),
      accounts: sids.map((sid) => ({
        sid,
        name: a.principals[sid]?.name ?? null,
        tokenGroups: tokenGroups(a, sid),
        lastRefused: latest.get(sid) ?? null,
        given: given.includes(sid),
        local: accountDomainSid(sid) === machineSid,
      })),
      unresolved,
      securityLogReadable: state.computer.elevated,
    };
  },
  'checks/host/user-rights/rdu-member': ({ state }: { state: WinState }, input: { sid: string; action: string }) => {
    if (!/^S-1-5-21(-\d+){4}$/.test(input.sid)) throw new SimError('sid: expected a domain or local account SID (S-1-5-21-...)');
    // An account to add must resolve; a removal (the rollback) goes by SID, even for an account deleted since.
    if (input.action === 'add' && !state.accounts.principals[input.sid])
      throw new SimError(`sid: no account with SID ${input.sid} was found on this PC or in its domain`);
    const list = (state.accounts.members[SID_REMOTE_DESKTOP_USERS] ??= []);
    if (input.action === 'add' && !list.includes(input.sid)) list.push(input.sid);
    else if (input.action === 'remove') state.accounts.members[SID_REMOTE_DESKTOP_USERS] = list.filter((s) => s !== input.sid);
    else if (input.action !== 'add') throw new SimError('action: expected "add" or "remove"');
    return { sid: input.sid, member: (state.accounts.members[SID_REMOTE_DESKTOP_USERS] ?? []).includes(input.sid) };
  },
};

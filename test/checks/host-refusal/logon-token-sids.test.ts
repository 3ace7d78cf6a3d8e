// host.user-rights judges the logon token Windows builds for a Remote Desktop logon, not only the account's
// groups: Everyone, Authenticated Users, INTERACTIVE, REMOTE INTERACTIVE LOGON and Users for every account, and
// "Local account" (S-1-5-113) / "Local account and member of Administrators group" (S-1-5-114) for an account of
// this PC, which CIS Level 1 and DISA STIG put in "Deny log on through Remote Desktop Services".
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../../electron/engine/checks';
import { evaluate } from '../../../electron/engine/evaluate';
import { openSim } from '../../support/sim';

const LOCAL_ADMIN = 'S-1-5-21-4065718146-3643448766-2139897029-500';
const M_SMITH = 'S-1-5-21-1004336348-1177238915-682003330-1301';

describe('host.user-rights: the SIDs of the Remote Desktop logon token', () => {
  it('cis-local-account-denied: the local Administrator is refused through "Local account", named, with no group fix', async () => {
    const sim = await openSim('cis-local-account-denied');
    const f = await sim.check('host.user-rights');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(
      /WS-ACCT-042\\Administrator is denied "Log on through Remote Desktop Services" through Local account \(Group Policy "CIS Level 1: Windows 11 Enterprise"\)/,
    );
    expect(f.verdict).toMatch(/connect with a domain account/);
    expect(f.fixes).toEqual([]);
    expect(f.related).toEqual(['host.group-policy']);
    expect(f.evidence.find((e) => e.label === 'Deny log on through Remote Desktop Services')?.value).toBe('Guests, Local account');
  });

  it('a domain account on the same CIS host may log on; the verdict says local accounts are denied', async () => {
    const sim = await openSim('cis-local-account-denied');
    sim.host.state.accounts.refusedLogons = [];
    const f = (await evaluate(findCheck('host.user-rights')!, { ...(await sim.ctx()), account: 'CORP\\helpdesk.tech' })).finding;
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/CORP\\helpdesk\.tech may log on remotely now \(a member of Administrators\)/);
    expect(f.verdict).toMatch(/Accounts of this PC \(Local account\) are denied/);
  });

  it('the same SID read as a domain account (another account domain) is not "local"', async () => {
    const sim = await openSim('cis-local-account-denied');
    sim.host.state.computer.name = 'WS-ACCT-043';
    expect((await sim.check('host.user-rights')).status).toBe('pass');
  });

  it('a deny of Everyone refuses every account through Everyone', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.rights.SeDenyRemoteInteractiveLogonRight = { sids: ['S-1-1-0'], policy: null };
    const f = (await evaluate(findCheck('host.user-rights')!, { ...(await sim.ctx()), account: 'CORP\\helpdesk.tech' })).finding;
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/CORP\\helpdesk\.tech is denied .* through Everyone \(local security policy\)/);
  });

  it.each([
    ['S-1-1-0', 'Everyone'],
    ['S-1-5-11', 'Authenticated Users'],
    ['S-1-5-32-545', 'Users'],
    ['S-1-5-14', 'REMOTE INTERACTIVE LOGON'],
  ])('an Allow list naming %s (%s) lets the account in; no fix offers Remote Desktop Users', async (sid, name) => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.rights.SeRemoteInteractiveLogonRight = { sids: [sid], policy: null };
    const f = await sim.check('host.user-rights');
    expect(f.status).not.toBe('fail');
    expect(f.fixes).toEqual([]);
    expect(f.evidence.find((e) => e.label.startsWith('Refused'))?.value).toMatch(
      new RegExp(`m\\.smith holds "Allow log on through Remote Desktop Services" through ${name}`),
    );
    expect(f.evidence.find((e) => e.label === 'Allow log on through Remote Desktop Services')?.value).toBe(name);
    expect(sim.host.state.accounts.members['S-1-5-32-555']).not.toContain(M_SMITH);
  });

  it('a domain account in Administrators is not denied by "Local account and member of Administrators group"', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.refusedLogons = [];
    sim.host.state.accounts.rights.SeDenyRemoteInteractiveLogonRight = { sids: ['S-1-5-114'], policy: null };
    const f = (await evaluate(findCheck('host.user-rights')!, { ...(await sim.ctx()), account: 'CORP\\helpdesk.tech' })).finding;
    expect(f.status).toBe('pass');
    expect(LOCAL_ADMIN).toMatch(/-500$/);
  });
});

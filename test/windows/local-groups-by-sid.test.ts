// Local groups read and changed by SID, never through a call that resolves every member: one orphaned SID (a
// deleted domain account, a domain the PC has left) makes GroupPrincipal.GetMembers(), Members.Add/Remove and
// Get-LocalGroupMember throw ("An error (1332) occurred while enumerating the group membership";
// PowerShell/PowerShell#2996, dsccommunity/xPSDesiredStateConfiguration#406). Such SIDs are common in
// Administrators on domain members, and then host.user-rights, its fix and the fix's rollback all failed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';

const engine = path.resolve('electron/engine');
const read = (rel: string) => readFileSync(path.join(engine, rel), 'utf8');
const code = (text: string) => text.replace(/^\s*#.*$/gm, '');
const fn = (text: string, name: string) => {
  const start = text.indexOf(`function ${name} {`);
  expect(start, `function ${name}`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\nfunction ', start + 1);
  return text.slice(start, next < 0 ? undefined : next);
};

const M_SMITH = 'S-1-5-21-1004336348-1177238915-682003330-1301';
const ORPHAN = 'S-1-5-21-3623811015-3361044348-30300820-1013';
const RDU = 'S-1-5-32-555';

describe('scripts: group members by SID, unresolved', () => {
  it.each(['checks/host/user-rights/user-rights.ps1', 'checks/host/user-rights/rdu-member.ps1'])(
    '%s never enumerates members through AccountManagement or Get-LocalGroupMember',
    (rel) => {
      const text = code(read(rel));
      expect(text).not.toMatch(/\.GetMembers\(/);
      expect(text).not.toMatch(/\.Members\.(Add|Remove)\(/);
      expect(text).not.toMatch(/Get-LocalGroupMember/);
      expect(text).toMatch(/Get-RdLocalGroupMembers -GroupSid 'S-1-5-32-555'/);
    },
  );

  it("rd-common lists each member's objectSid from the group's WinNT object, and keeps an unresolved one (name null)", () => {
    const body = code(fn(read('lib/rd-common.ps1'), 'Get-RdLocalGroupMembers'));
    expect(body).toMatch(/\$entry\.Invoke\('Members'\)/);
    expect(body).toMatch(/InvokeMember\('objectSid', 'GetProperty'/);
    expect(body).toMatch(/SecurityIdentifier' -ArgumentList @\(\$bytes, 0\)/);
    expect(body).not.toMatch(/Translate\(/);
    expect(code(fn(read('lib/rd-common.ps1'), 'Get-RdLocalGroupEntry'))).toMatch(/IdentityType\]::Sid, \$GroupSid/);
  });

  it('rdu-member adds and removes by the SID path (IADsGroup::Add "WinNT://<SID>"), a removal needing no lookup', () => {
    const text = code(read('checks/host/user-rights/rdu-member.ps1'));
    expect(text).toMatch(/\$group\.Invoke\('Add', \('WinNT:\/\/' \+ \$sid\)\)/);
    const remove = text.slice(text.indexOf("if ($action -eq 'remove'"));
    expect(remove.slice(0, remove.indexOf('}'))).not.toMatch(/Find-Account/);
  });

  it('user-rights: an account whose groups neither the domain nor this PC could list has unknown token groups (null), not the local ones alone', () => {
    const body = code(fn(read('checks/host/user-rights/user-rights.ps1'), 'Get-TokenGroups'));
    const unknown = body.indexOf('if (-not $read) { return $null }');
    expect(unknown, 'Get-TokenGroups must return $null when no context read the groups').toBeGreaterThan(0);
    expect(unknown).toBeLessThan(body.indexOf('foreach ($local in $LocalGroups.Keys)'));
    expect(body.slice(0, unknown)).toMatch(/\$read = \$true/);
  });
});

describe('simulated host: orphaned SIDs', () => {
  it('an orphaned SID in Administrators is listed by SID, and the check still judges the refused account', async () => {
    const sim = await openSim('user-not-allowed');
    sim.host.state.accounts.members['S-1-5-32-544']!.push(ORPHAN);
    const f = await sim.check('host.user-rights');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/CORP\\m\.smith is not a member of Remote Desktop Users or Administrators/);
  });

  it('the rollback of "add to Remote Desktop Users" removes the SID even after the account was deleted', async () => {
    const sim = await openSim('user-not-allowed');
    const before = JSON.parse(JSON.stringify(sim.host.state.accounts.members[RDU] ?? [])) as string[];
    const applied = await sim.fix('host.user-rights', 'add-to-remote-desktop-users');
    expect(sim.host.state.accounts.members[RDU]).toContain(M_SMITH);
    delete sim.host.state.accounts.principals[M_SMITH];
    await sim.rollback(applied.entry.id);
    expect(sim.host.state.accounts.members[RDU] ?? []).toEqual(before);
  });
});

describe('user-rights: refused RemoteInteractive logons are selected in the Security log query', () => {
  it('filters 4625 by LogonType 10 in the XPath, so a flood of type-3 failures cannot push them past -MaxEvents', () => {
    const text = code(read('checks/host/user-rights/user-rights.ps1'));
    const query = text.split('\n').find((l) => /Get-WinEvent .*-LogName 'Security'/.test(l)) ?? '';
    expect(query).toMatch(/-FilterXPath \$xpath -MaxEvents 500 -ErrorAction Stop/);
    expect(text).toMatch(/\(EventID=4625\)/);
    expect(text).toMatch(/EventData\[Data\[@Name='LogonType'\]='10'\]/);
    expect(text).not.toMatch(/FilterHashtable @\{ LogName = 'Security'/);
  });
});

describe('user-rights: one-element lists stay arrays in 5.1 JSON', () => {
  it('Get-TokenGroups returns its list with the unary comma (a token of Domain Users alone came out as a string)', () => {
    const body = code(fn(read('checks/host/user-rights/user-rights.ps1'), 'Get-TokenGroups'));
    expect(body).toMatch(/return ,@\(\$groups \| Select-Object -Unique\)/);
    expect(body).not.toMatch(/return @\(/);
    // The call sites put the answer straight into the result hashtable, with no @() around it.
    expect(read('checks/host/user-rights/user-rights.ps1')).toMatch(
      /tokenGroups = \(Get-TokenGroups -Sid \$sid -LocalGroups \$localGroups\)/,
    );
  });
});

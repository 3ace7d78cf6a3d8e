// host.user-rights judges the account the technician connects with (diagnose --user, the start screen's field),
// not only the accounts the Security log shows refused: resolved to its SID on the host, judged by the groups
// in its token (nested groups included), never by a name match. A bad form is refused naming the field.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAccountName } from '../../../shared/account';
import { createAppService } from '../../../electron/app/service';
import type { AppService } from '../../../electron/app/service-types';
import { findCheck } from '../../../electron/engine/checks';
import { evaluate } from '../../../electron/engine/evaluate';
import { runCli } from '../../support/cli';
import { openSim, tempDir } from '../../support/sim';

const M_SMITH = 'S-1-5-21-1004336348-1177238915-682003330-1301';
const RDP_STAFF = 'S-1-5-21-1004336348-1177238915-682003330-1105';
const NESTED = 'S-1-5-21-1004336348-1177238915-682003330-1190';

/** user-not-allowed without its Security log: only the typed account can show the fault. */
async function withoutLog() {
  const sim = await openSim('user-not-allowed');
  sim.host.state.accounts.refusedLogons = [];
  const as = async (account: string) => (await evaluate(findCheck('host.user-rights')!, { ...(await sim.ctx()), account })).finding;
  return { sim, as };
}

describe('host.user-rights: the connecting account', () => {
  it('an account in neither group fails although the log shows no refusal; without it the check passes', async () => {
    const { sim, as } = await withoutLog();
    expect((await sim.check('host.user-rights')).status).toBe('pass');
    const f = await as('corp\\M.Smith');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/CORP\\m\.smith is not a member of Remote Desktop Users or Administrators/);
    expect(f.evidence.find((e) => e.label === 'The account you connect with')?.value).toMatch(/m\.smith is not a member/);
    // The typed account gets the fix too: its plan reads that account again on the host, by name.
    expect(f.verdict).toMatch(/Add the account to Remote Desktop Users/);
    expect(f.fixes.map((x) => x.id)).toEqual(['add-to-remote-desktop-users']);
    expect(f.fixes[0]!.parameters?.[0]?.options.map((o) => o.value)).toEqual(['CORP\\m.smith']);
  });

  it('a member through a group nested two deep (token groups) passes and says through which group', async () => {
    const { sim, as } = await withoutLog();
    const a = sim.host.state.accounts;
    a.principals[NESTED] = { name: 'CORP\\Helpdesk Tier 2', kind: 'group' };
    a.members[NESTED] = [M_SMITH];
    a.members[RDP_STAFF]!.push(NESTED);
    const f = await as('CORP\\m.smith');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/The account you connect with: CORP\\m\.smith may log on remotely now \(a member of Remote Desktop Users\)/);
  });

  it('an account the host cannot resolve warns and names it', async () => {
    const { as } = await withoutLog();
    const f = await as('CORP\\nobody');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/could not find the account you connect with, CORP\\nobody/);
  });

  it.each([
    ['CORP\\j.doe', true],
    ['.\\Administrator', true],
    ['j.doe@corp.example', true],
    ['j.doe', false],
    ['CORP\\', false],
    ['CORP\\j.doe\\x', false],
    ['C:\\j.doe', false],
    ['j.doe@corp', false],
    ['CORP\\j"doe', false],
    ['THIS-NAME-IS-TOO-LONG\\j.doe', false],
  ])('the form %s is %s', (text, ok) => {
    const r = parseAccountName(text, 'user');
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error).toMatch(/^user: expected an account as DOMAIN\\name or name@domain/);
  });
});

describe('host.user-rights: the fix for the account the technician names', () => {
  it('adds exactly that account (re-read on the host by name); rollback restores the state before', async () => {
    const { sim, as } = await withoutLog();
    const before = sim.snapshotState();
    const { entry } = await sim.fix('host.user-rights', 'add-to-remote-desktop-users', true, { account: 'CORP\\m.smith' });
    expect(entry.params).toEqual({ account: 'CORP\\m.smith' });
    expect(entry.changes.map((c) => c.after)).toEqual(['with CORP\\m.smith']);
    expect((await as('CORP\\m.smith')).status).toBe('pass');
    await sim.rollback(entry.id);
    expect(sim.snapshotState()).toEqual(before);
    expect((await as('CORP\\m.smith')).status).toBe('fail');
  });

  it('a bad form, an unknown account or one the group would not help is refused naming params.account; nothing changes', async () => {
    const { sim } = await withoutLog();
    const before = sim.snapshotState();
    await expect(sim.fix('host.user-rights', 'add-to-remote-desktop-users', true, { account: 'nodomain' })).rejects.toMatchObject({
      field: 'params.account',
    });
    // An account the host cannot find, or one that may log on already: the re-read with it says why.
    await expect(sim.fix('host.user-rights', 'add-to-remote-desktop-users', true, { account: 'CORP\\nobody' })).rejects.toThrow(
      /could not find the account you connect with, CORP\\nobody.*Nothing was changed/,
    );
    await expect(sim.fix('host.user-rights', 'add-to-remote-desktop-users', true, { account: 'CORP\\j.doe' })).rejects.toThrow(
      /CORP\\j\.doe may log on remotely now.*Nothing was changed/,
    );
    expect(sim.snapshotState()).toEqual(before);
  });
});

describe('through the contract and the CLI', () => {
  let service: AppService | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
  });

  it('diagnose:run with user judges that account; a bad form is bad input naming "user"', async () => {
    const dir = tempDir();
    service = await createAppService({
      host: { kind: 'simulated', scenario: 'healthy', stateFile: path.join(dir, 's.json') },
      dataDir: dir,
    });
    const bad = await service.invoke('diagnose:run', { target: null, user: 'j.doe', checks: ['host.user-rights'] });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad-input', field: 'user', message: expect.stringMatching(/^user: expected/) },
    });
    const r = await service.invoke('diagnose:run', { target: null, user: 'CORP\\nobody', checks: ['host.user-rights'] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.find((f) => f.id === 'host.user-rights')?.status).toBe('warn');
  });

  it('rdp-doctor diagnose --user: judged on the host; a bad form exits 2 naming --user', async () => {
    const bad = await runCli(['diagnose', '--scenario', 'healthy', '--user', 'nodomain', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      field: '--user',
      message: expect.stringMatching(/expected an account as DOMAIN\\name/),
    });
    const r = await runCli(['diagnose', '--scenario', 'healthy', '--side', 'host', '--user', 'CORP\\nobody', '--json']);
    const f = (JSON.parse(r.stdout) as { findings: { id: string; status: string; verdict: string }[] }).findings.find(
      (x) => x.id === 'host.user-rights',
    );
    expect(f).toMatchObject({ status: 'warn', verdict: expect.stringMatching(/CORP\\nobody/) });
  });
});

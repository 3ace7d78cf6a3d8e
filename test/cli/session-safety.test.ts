// What the command line says and refuses around a change that cuts the technician off or is not done yet: a
// fix's warnings (audit4 G12), a rollback that ends the Remote Desktop session the CLI runs in (G17),
// "rollback --last" after a change that cannot be undone (G13), and a fix that needs a restart (G5).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/util/canonical-json';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

interface StateDoc {
  state: { computer: { sessionName: string } };
  sha256: string;
}

/** The technician now works on the host over Remote Desktop: the state file says so, signed as the simulator signs it. */
function workOverRdp(file: string): void {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as StateDoc;
  doc.state.computer.sessionName = 'RDP-Tcp#2';
  doc.sha256 = createHash('sha256').update(canonicalJson(doc.state)).digest('hex');
  writeFileSync(file, JSON.stringify(doc));
}

const entriesIn = (journal: string) => (existsSync(journal) ? readdirSync(journal).filter((f) => f.endsWith('.json')) : []);

function setup(name: string) {
  const dir = tempDir();
  const state = path.join(dir, `${name}.json`);
  return { dir, state, journal: path.join(dir, `${name}-journal`), env: { RDP_DOCTOR_HOME: dir } };
}

describe('rollback --last after a change that cannot be undone (audit4 G13)', () => {
  it('refuses, naming the last change and how to roll back the one before it by id; nothing is rolled back', async () => {
    const { state, env, journal } = setup('lt');
    const fw = await runCli(['fix', 'host.firewall', '--scenario', 'multi-fault', '--state', state, '--json'], { env });
    const fwId = (JSON.parse(fw.stdout) as { entry: { id: string } }).entry.id;
    const cert = await runCli(['fix', 'host.certificate', '--state', state, '--yes'], { env });
    expect(cert.code, cert.stderr).not.toBe(2);
    const r = await runCli(['rollback', '--last', '--state', state], { env });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toMatch(/the last change, Renew the self-signed RDP certificate \(\d{8}T\d{6}Z-[0-9a-f]{8}\), cannot be undone/);
    expect(r.stderr).toContain(`rdp-doctor rollback ${fwId} --state ${state}`);
    // The firewall fix is still in place: it was not silently undone.
    expect((JSON.parse(readFileSync(path.join(journal, `${fwId}.json`), 'utf8')) as { state: string }).state).toBe('applied');
    const named = await runCli(['rollback', fwId, '--state', state], { env });
    expect(named.code, named.stderr).toBe(0);
  });
});

describe('a rollback that ends the Remote Desktop session the CLI runs in (audit4 G17)', () => {
  const cases = [
    ['host.service', 'service-stopped', /stops TermService/],
    ['host.rdp-enabled', 'rdp-disabled', /turns Remote Desktop off \(.*fDenyTSConnections = 1\)/],
    ['host.firewall', 'firewall-blocked', /disables the firewall rule RemoteDesktop-UserMode-In-TCP/],
  ] as const;
  for (const [checkId, scenario, what] of cases) {
    it(`${checkId}: refused without --yes (exit 2, nothing changed), saying what happens; --yes rolls it back`, async () => {
      const { state, env, journal } = setup('ss');
      const fix = await runCli(['fix', checkId, '--scenario', scenario, '--state', state, '--json'], { env });
      expect(fix.code, fix.stderr).toBe(0);
      const id = (JSON.parse(fix.stdout) as { entry: { id: string } }).entry.id;
      workOverRdp(state);
      const kept = readFileSync(state, 'utf8');
      const r = await runCli(['rollback', '--last', '--state', state], { env });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(what);
      expect(r.stderr).toMatch(
        /This ends your Remote Desktop session, and nobody can reconnect over Remote Desktop until it is undone from the console/,
      );
      expect(r.stderr).toMatch(/--yes/);
      expect(readFileSync(state, 'utf8')).toBe(kept);
      expect((JSON.parse(readFileSync(path.join(journal, `${id}.json`), 'utf8')) as { state: string }).state).toBe('applied');
      const yes = await runCli(['rollback', id, '--state', state, '--yes'], { env });
      expect(yes.code, yes.stderr).toBe(0);
      expect(yes.stdout).toMatch(/^Rolled back: /);
    });
  }

  it('from the console (not inside an RDP session) the same rollback needs no confirmation', async () => {
    const { state, env } = setup('sc');
    expect((await runCli(['fix', 'host.service', '--scenario', 'service-stopped', '--state', state], { env })).code).toBe(0);
    const r = await runCli(['rollback', '--last', '--state', state], { env });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("the CLI shows a fix's warnings (audit4 G12)", () => {
  it('a TermService restart from inside an RDP session needs --yes, the refusal lists the warnings, nothing is journaled', async () => {
    const { state, env, journal } = setup('lr');
    expect((await runCli(['diagnose', '--scenario', 'listener-wrong-adapter', '--state', state], { env })).code).not.toBe(2);
    workOverRdp(state);
    const kept = readFileSync(state, 'utf8');
    for (const json of [[], ['--json']]) {
      const r = await runCli(['fix', 'host.listener', '--state', state, ...json], { env });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/this session will be disconnected/);
      expect(r.stderr).toMatch(/drops every Remote Desktop session on this host/);
      expect(r.stderr).toMatch(/--yes/);
      expect(entriesIn(journal)).toEqual([]);
      expect(readFileSync(state, 'utf8')).toBe(kept);
    }
    const yes = await runCli(['fix', 'host.listener', '--state', state, '--yes'], { env });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Warning: RDP Doctor itself is running inside a Remote Desktop session: this session will be disconnected/);
    expect(yes.stdout.indexOf('Warning:')).toBeLessThan(yes.stdout.indexOf('Applied:'));
  });

  it('from the console the same fix needs no --yes and still prints its warning; --json carries it', async () => {
    const { state, env } = setup('lc');
    const r = await runCli(['fix', 'host.listener', '--scenario', 'listener-wrong-adapter', '--state', state, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: string[] };
    expect(out.warnings).toEqual([expect.stringMatching(/drops every Remote Desktop session on this host/)]);
  });
});

describe('a fix that needs a restart says so everywhere (audit4 G5)', () => {
  it('fix host.schannel: "Restart needed" on the local host, the restart warning, needsRestart in --json', async () => {
    const { state, env } = setup('t13');
    const r = await runCli(['fix', 'host.schannel', '--scenario', 'tls12-disabled', '--state', state, '--yes'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Warning: .*restart the host/m);
    expect(r.stdout).toMatch(/^Restart needed: this change takes effect after \S+ restarts/m);
    const j = setup('t14');
    const jr = await runCli(['fix', 'host.schannel', '--scenario', 'tls12-disabled', '--state', j.state, '--yes', '--json'], {
      env: j.env,
    });
    expect(jr.code, jr.stderr).toBe(0);
    const out = JSON.parse(jr.stdout) as { needsRestart: boolean; warnings: string[] };
    expect(out.needsRestart).toBe(true);
    expect(out.warnings.join(' ')).toMatch(/restart the host/);
  });
});

describe('the diagnosis after a fix that needs a restart (audit4 G5)', () => {
  it('text, --json and the report say "Needs follow-up: restart <host>" until the fix is rolled back', async () => {
    const { dir, state, env } = setup('t15');
    const fix = await runCli(['fix', 'host.schannel', '--scenario', 'tls12-disabled', '--state', state, '--yes', '--json'], { env });
    expect(fix.code, fix.stderr).toBe(0);
    const id = (JSON.parse(fix.stdout) as { entry: { id: string } }).entry.id;
    const text = await runCli(['diagnose', '--state', state], { env });
    expect(text.stdout).toMatch(
      /^Next: Needs follow-up: restart \S+ \(“Enable TLS 1\.2 for the server” takes effect only after a restart/m,
    );
    expect(text.stdout).not.toMatch(/^No problem found\./m);
    const json = await runCli(['diagnose', '--state', state, '--json'], { env });
    const c = (JSON.parse(json.stdout) as { conclusion: { conclusion: string; next: string } }).conclusion;
    expect(c.conclusion).toBe('needs-follow-up');
    expect(c.next).toMatch(/^Needs follow-up: restart /);
    const report = path.join(dir, 'r.html');
    await runCli(['diagnose', '--state', state, '--report', report], { env });
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/Conclusion: Needs follow-up/);
    expect(html).toMatch(/Needs follow-up: restart /);
    expect((await runCli(['rollback', id, '--state', state], { env })).code).toBe(0);
    const after = await runCli(['diagnose', '--state', state, '--json'], { env });
    expect((JSON.parse(after.stdout) as { conclusion: { next: string } }).conclusion.next).not.toMatch(/restart/);
  });
});

import { describe, expect, it } from 'vitest';
import { allChecks } from '../../../electron/engine/checks';
import { readScenarioFile } from '../../../electron/hosts/simulated/scenarios';
import { openSim } from '../../support/sim';
import { LEFTOVER_IDS, TARGET } from './helpers';
import type { Json } from '../../../shared/model';

/** Evidence as a reader sees it: scalars as text, lists comma-separated, objects as JSON. */
const shown = (v: Json | undefined): string =>
  v !== null && typeof v === 'object' ? (Array.isArray(v) ? v.map(shown).join(',') : JSON.stringify(v)) : String(v);

const mine = (id: string) => LEFTOVER_IDS.includes(id);
const clientLeftoverChecks = allChecks.filter((c) => mine(c.id));

describe('client leftover checks', () => {
  it('are listed in order', () => {
    expect(clientLeftoverChecks.map((c) => c.id)).toEqual(LEFTOVER_IDS);
  });

  it.each([undefined, TARGET, 'other-host.corp.example:3390'])('all pass on healthy (target %s)', async (target) => {
    const sim = await openSim('healthy', { target });
    const findings = await sim.all(mine);
    expect(findings.map((f) => [f.id, f.status])).toEqual(LEFTOVER_IDS.map((id) => [id, 'pass']));
    for (const f of findings) expect(f.fixes).toEqual([]);
  });

  it('all pass on healthy when not elevated', async () => {
    const sim = await openSim('healthy', { elevated: false });
    expect((await sim.all(mine)).every((f) => f.status === 'pass')).toBe(true);
  });

  it.each(['stale-credentials', 'credssp-oracle'])('%s: exactly the expected leftover checks fail or warn', async (scenario) => {
    const expected = readScenarioFile(scenario).expect!.failing;
    for (const target of [undefined, TARGET]) {
      const sim = await openSim(scenario, { target });
      const bad = (await sim.all(mine)).filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id);
      expect(bad.sort()).toEqual(expected.filter(mine).sort());
    }
  });

  it('stale-credentials: the credential and the history warn (a hint, not proof), each with its fix and the evidence', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    const cred = await sim.check('client.saved-credentials');
    // Predating the certificate does not prove the password changed: the self-signed certificate renews itself.
    expect(cred.status).toBe('warn');
    expect(cred.verdict).toMatch(/does not mean the password is wrong/);
    expect(cred.verdict).not.toMatch(/keeps sending an old password\./);
    expect(cred.verdict).toMatch(/TERMSRV\/ws-acct-042\.corp\.example/);
    expect(cred.fixes.map((f) => f.id)).toEqual(['delete-stale-credentials']);
    expect(cred.fixes[0]).toMatchObject({ reversible: false, needsAdmin: false });
    expect(cred.fixes[0]!.confirmText).toBeTruthy();
    const hist = await sim.check('client.history');
    expect(hist.status).toBe('warn');
    expect(hist.fixes.map((f) => f.id)).toEqual(['clear-stale-history']);
    expect(hist.fixes[0]).toMatchObject({ reversible: true, needsAdmin: false, lowersSecurity: false });
    const certLine = hist.evidence.find((e) => e.label.includes(TARGET));
    expect(shown(certLine?.value)).toMatch(/9B2E61D0.*3F1C0A2B/);
  });

  it('stale-credentials: a target with no saved entries passes', async () => {
    const sim = await openSim('stale-credentials', { target: 'rds01.corp.example' });
    expect((await sim.check('client.saved-credentials')).status).toBe('pass');
    expect((await sim.check('client.history')).status).toBe('pass');
  });

  it('a credential saved after the host certificate was created is not stale', async () => {
    const sim = await openSim('stale-credentials');
    sim.host.state.credentials[`TERMSRV/${TARGET}`]!.lastWritten = new Date().toISOString();
    const f = await sim.check('client.saved-credentials');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/1 saved credential/);
  });

  it('a remembered CertHash for a host it cannot see is not judged stale', async () => {
    const sim = await openSim('stale-credentials', { target: 'rds01.corp.example' });
    const key = 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers\\rds01.corp.example';
    sim.host.state.registry[key] = { CertHash: { type: 'REG_BINARY', data: '00112233445566778899AABBCCDDEEFF00112233' } };
    expect((await sim.check('client.history')).status).toBe('pass');
  });

  it('credssp-oracle: fails naming the host and the offered version, offering only the opt-in downgrade', async () => {
    const sim = await openSim('credssp-oracle');
    const f = await sim.check('client.credssp');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/2018 CredSSP update/);
    expect(f.evidence.map((e) => shown(e.value)).join(' ')).toMatch(/version 4/);
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ id: 'allow-vulnerable-oracle', lowersSecurity: true, reversible: true, needsAdmin: true });
    expect(f.fixes[0]!.confirmText).toMatch(/open risk/);
  });

  it('credssp: a refusal of another host does not fail the check for this target', async () => {
    const sim = await openSim('credssp-oracle', { target: 'rds01.corp.example' });
    expect((await sim.check('client.credssp')).status).toBe('pass');
  });

  it('credssp: Vulnerable (2) is an open risk with the restore fix', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters'
    ]!.AllowEncryptionOracle = {
      type: 'REG_DWORD',
      data: 2,
    };
    const f = await sim.check('client.credssp');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Open risk/);
    expect(f.fixes.map((x) => x.id)).toEqual(['restore-oracle-default']);
  });

  it('security software: a third-party product warns with the mstsc.exe guidance and no fix', async () => {
    const sim = await openSim('healthy');
    sim.host.state.securityProducts.antivirus.push({ name: 'Bitdefender Endpoint Security Tools Antimalware', enabled: true });
    const f = await sim.check('client.security-software');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/mstsc\.exe/);
    expect(f.fixes).toEqual([]);
  });

  it('security software: a third-party product that is off, or Windows Server, passes', async () => {
    const sim = await openSim('healthy');
    sim.host.state.securityProducts.firewall.push({ name: 'Norton Firewall', enabled: false });
    expect((await sim.check('client.security-software')).status).toBe('pass');
    sim.host.state.securityProducts.firewall[0]!.enabled = true;
    sim.host.state.computer.caption = 'Microsoft Windows Server 2022 Standard';
    const f = await sim.check('client.security-software');
    expect(f.status).toBe('pass');
    expect(f.verdict).toMatch(/not available/);
  });

  it('security software: a Security Center read that was refused is "could not read", never "not available (Windows Server)"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.securityProducts.antivirus.push({ name: 'Bitdefender Endpoint Security Tools Antimalware', enabled: true });
    sim.host.state.unreadableWmiClasses = ['AntiVirusProduct'];
    const f = await sim.check('client.security-software');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read root\\SecurityCenter2 \(access denied\)/);
    expect(f.verdict).not.toMatch(/not available|Windows Server/);
    expect(f.evidence.find((e) => e.label === 'root\\SecurityCenter2')?.value).toBe('could not read (access denied)');
  });

  it('the alternative client is guidance only', async () => {
    const sim = await openSim('healthy');
    const f = await sim.check('client.alternative-client');
    expect(f).toMatchObject({ status: 'pass', fixes: [] });
    expect(f.verdict).toMatch(/Microsoft Store/);
  });
});

import { describe, expect, it } from 'vitest';
import { findCheck } from '../../../electron/engine/checks';
import { previewFix } from '../../../electron/engine/fixer';
import { RDP_TCP_KEY } from '../../../electron/engine/windows-paths';
import { fixRoundTrip, openSim } from '../../support/sim';
import { expectNeedsAdmin, roundTripOn } from './helpers';

const OLD = '3F1C0A2B4D5E6F708192A3B4C5D6E7F8091A2B3C';
const DAY = 86_400_000;

describe('host.certificate', () => {
  it('passes on a healthy host', async () => {
    expect((await (await openSim('healthy')).check('host.certificate')).status).toBe('pass');
  });

  it('fails on expired-cert and offers only the renew fix, which needs confirmation', async () => {
    const sim = await openSim('expired-cert');
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/expired/);
    expect(f.fixes.map((x) => x.id)).toEqual(['renew-certificate']);
    expect(f.fixes[0]).toMatchObject({ reversible: false, lowersSecurity: false, needsAdmin: true, dropsSessions: true });
    expect(f.fixes[0]!.confirmText).toMatch(/thumbprint/);
    expect(f.fixes[0]!.confirmText).toMatch(/new-certificate warning/);
    const before = sim.snapshotState();
    await expect(sim.fix('host.certificate', 'renew-certificate', false)).rejects.toThrow(/cannot be undone/);
    expect(sim.snapshotState()).toEqual(before);
  });

  it('renew: deletes the expired certificate, a new thumbprint and expiry appear, SecurityLayer untouched, journal keeps the old one, rollback refused', async () => {
    const sim = await openSim('expired-cert');
    const layer = () => sim.host.state.registry[RDP_TCP_KEY]!.SecurityLayer;
    const securityLayerBefore = structuredClone(layer());
    const oldCert = structuredClone(sim.host.state.certificates['Remote Desktop']![OLD]!);
    const { entry, finding } = await sim.fix('host.certificate', 'renew-certificate', true);
    expect(finding.status).toBe('pass');
    const store = sim.host.state.certificates['Remote Desktop']!;
    expect(Object.keys(store)).not.toContain(OLD);
    const entries = Object.entries(store);
    expect(entries).toHaveLength(1);
    const [thumb, cert] = entries[0]!;
    expect(thumb).toMatch(/^[0-9A-F]{40}$/);
    expect(thumb).not.toBe(OLD);
    expect(Date.parse(cert.notAfter)).toBeGreaterThan(Date.now() + 100 * DAY);
    // The history's After column names the certificate that came of it, not the plan's words.
    expect(entry.changes.find((c) => c.what === 'Cert:\\LocalMachine\\Remote Desktop')?.after).toMatch(new RegExp(`^${thumb}, `));
    expect(layer()).toEqual(securityLayerBefore);
    expect(sim.host.state.services.TermService!.status).toBe('Running');
    expect(sim.host.state.services.SessionEnv!.status).toBe('Running');
    // The journal keeps what cannot be restored.
    const snap = entry.snapshot as { deleted: { thumbprint: string; notAfter: string }[] };
    expect(snap.deleted).toEqual([expect.objectContaining({ thumbprint: OLD, notAfter: oldCert.notAfter })]);
    expect(sim.journal.read(entry.id).entry?.snapshot).toEqual(entry.snapshot);
    expect(entry.changes.some((c) => c.what.endsWith(OLD))).toBe(true);
    expect(entry.reversible).toBe(false);
    await expect(sim.rollback(entry.id)).rejects.toThrow(/cannot be undone/);
  });

  it('renew warns that TermService restarts, and that this session drops when the app runs inside RDP', async () => {
    const sim = await openSim('expired-cert');
    sim.host.state.computer.sessionName = 'RDP-Tcp#3';
    const { plan } = await previewFix(findCheck('host.certificate')!, 'renew-certificate', await sim.ctx());
    expect(plan.warnings.join(' ')).toMatch(/running inside a Remote Desktop session/);
    expect(plan.warnings.join(' ')).toMatch(/new-certificate prompt/);
    expect(plan.changes.map((c) => c.what)).toContain(`Cert:\\LocalMachine\\Remote Desktop\\${OLD}`);
  });

  it('warns inside the 14-day margin and still offers renew', async () => {
    const sim = await openSim('healthy');
    sim.host.state.certificates['Remote Desktop']![OLD]!.notAfter = new Date(Date.now() + 5 * DAY).toISOString();
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/expires in [45] days/);
    expect(f.fixes.map((x) => x.id)).toEqual(['renew-certificate']);
  });

  it('fails without a private key', async () => {
    const sim = await openSim('healthy');
    sim.host.state.certificates['Remote Desktop']![OLD]!.hasPrivateKey = false;
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/no private key/);
  });

  it('renew is blocked (with the reason) while MachineKeys keeps TermService from creating a key', async () => {
    const sim = await openSim('machinekeys-acl');
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.related).toEqual(['host.machinekeys']);
    expect(f.fixes[0]!.disabledReason).toMatch(/Repair the MachineKeys permissions first/);
  });

  it('custom binding: compares the REG_BINARY bytes as hex with thumbprints in My; a valid binding passes', async () => {
    const sim = await openSim('custom-cert-binding-broken');
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/B7E25C41A09D3F6E8C1D2A4B5F607182939AA0C1.*not in Cert:\\LocalMachine\\My/);
    expect(f.fixes.map((x) => x.id)).toEqual(['remove-broken-binding']);
    // Point the binding at the renewed CA certificate instead: valid.
    sim.host.state.registry[RDP_TCP_KEY]!.SSLCertificateSHA1Hash = { type: 'REG_BINARY', data: '4d8e1b2c3a4f5e6d7c8b9a0f1e2d3c4b5a697887' };
    const ok = await sim.check('host.certificate');
    expect(ok.status, ok.verdict).toBe('pass');
    expect(ok.verdict).toMatch(/custom certificate 4D8E1B2C/);
  });

  it('custom binding to a certificate without the Server Authentication EKU fails', async () => {
    const sim = await openSim('custom-cert-binding-broken');
    const my = sim.host.state.certificates.My!;
    my['4D8E1B2C3A4F5E6D7C8B9A0F1E2D3C4B5A697887']!.enhancedKeyUsage = ['Client Authentication'];
    sim.host.state.registry[RDP_TCP_KEY]!.SSLCertificateSHA1Hash = { type: 'REG_BINARY', data: '4D8E1B2C3A4F5E6D7C8B9A0F1E2D3C4B5A697887' };
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/server authentication/);
  });

  it('a template certificate with only the Remote Desktop Authentication EKU, bound by SSLCertificateSHA1Hash, passes', async () => {
    // RDP certificate templates (auto-enrolled through SSLCertificateTemplateName) carry 1.3.6.1.4.1.311.54.1.2
    // instead of Server Authentication; Remote Desktop accepts it.
    const sim = await openSim('custom-cert-binding-broken');
    const thumb = '4D8E1B2C3A4F5E6D7C8B9A0F1E2D3C4B5A697887';
    sim.host.state.certificates.My![thumb]!.enhancedKeyUsage = ['Remote Desktop Authentication'];
    sim.host.state.registry['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services']!.SSLCertificateTemplateName = {
      type: 'REG_SZ',
      data: 'RemoteDesktopComputer',
    };
    sim.host.state.registry[RDP_TCP_KEY]!.SSLCertificateSHA1Hash = { type: 'REG_BINARY', data: thumb };
    const f = await sim.check('host.certificate');
    expect(f.status, f.verdict).toBe('pass');
    expect((await sim.check('host.group-policy')).status).toBe('pass');
  });

  it('the self-signed certificate whose key file is gone fails here (not only in host.machinekeys), and renew repairs it', async () => {
    const sim = await openSim('healthy');
    const keyFile = sim.host.state.certificates['Remote Desktop']![OLD]!.keyFile!;
    delete sim.host.state.files[`C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\${keyFile}`];
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/lost its private key file/);
    expect(f.fixes.map((x) => x.id)).toEqual(['renew-certificate']);
    const mk = await sim.check('host.machinekeys');
    expect(mk.status).toBe('fail');
    expect(mk.related).toEqual(['host.certificate']);
    expect(mk.verdict).toMatch(/renew the self-signed certificate/);
    const { finding, entry } = await sim.fix('host.certificate', 'renew-certificate', true);
    expect(finding.status, finding.verdict).toBe('pass');
    expect((entry.snapshot as { deleted: { thumbprint: string }[] }).deleted.map((c) => c.thumbprint)).toEqual([OLD]);
    expect((await sim.check('host.machinekeys')).status).toBe('pass');
  });

  it('remove-broken-binding: passes afterwards; rollback restores the exact bytes as REG_BINARY', async () => {
    const r = await fixRoundTrip('custom-cert-binding-broken', 'host.certificate', 'remove-broken-binding');
    expect(r.findingBefore.status).toBe('fail');
    expect(r.applied.finding.status).toBe('pass');
    expect(r.applied.entry.snapshot).toEqual({
      items: [
        {
          key: RDP_TCP_KEY,
          name: 'SSLCertificateSHA1Hash',
          value: { type: 'REG_BINARY', data: 'B7E25C41A09D3F6E8C1D2A4B5F607182939AA0C1' },
          after: null,
        },
      ],
    });
    expect(r.afterFix).not.toEqual(r.before);
    expect(r.rolled.finding?.status).toBe('fail');
    expect(r.afterRollback).toEqual(r.before);
    expect(r.sim.host.state.registry[RDP_TCP_KEY]!.SSLCertificateSHA1Hash).toEqual({
      type: 'REG_BINARY',
      data: 'B7E25C41A09D3F6E8C1D2A4B5F607182939AA0C1',
    });
  });

  it('a binding of the wrong type is broken too, and its rollback keeps that type', async () => {
    const sim = await openSim('healthy');
    sim.host.state.registry[RDP_TCP_KEY]!.SSLCertificateSHA1Hash = { type: 'REG_SZ', data: '3F1C0A2B4D5E6F708192A3B4C5D6E7F8091A2B3C' };
    const r = await roundTripOn(sim, 'host.certificate', 'remove-broken-binding');
    expect(r.findingBefore.verdict).toMatch(/not a 20-byte REG_BINARY/);
    expect(r.applied.finding.status).toBe('pass');
    expect(r.afterRollback).toEqual(r.before);
  });

  it('not elevated: renew and remove-broken-binding are disabled with the reason and change nothing', async () => {
    await expectNeedsAdmin('expired-cert', 'host.certificate', 'renew-certificate');
    await expectNeedsAdmin('custom-cert-binding-broken', 'host.certificate', 'remove-broken-binding');
  });
});

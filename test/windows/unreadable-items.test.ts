// Issue 11 §4, "same care elsewhere": an item this account may not open is not an item that is absent. Each
// script lists what it could not read; the judgement warns "could not read … (access denied)" instead of passing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';
import { TARGET } from '../checks/client-leftovers/helpers';

const SERVERS = 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers';

describe('client.history: a history key that could not be read', () => {
  it('warns "could not read" (never "no history") when the Servers key is unreadable', async () => {
    const sim = await openSim('healthy');
    expect((await sim.check('client.history')).status).toBe('pass');
    sim.host.state.unreadableKeys = [SERVERS];
    const f = await sim.check('client.history');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read .*Servers \(access denied\)/);
    expect(f.verdict).not.toMatch(/No Remote Desktop Connection history/);
    expect(f.fixes).toEqual([]);
  });

  it('warns for one unreadable server entry instead of passing over it', async () => {
    const sim = await openSim('stale-credentials');
    const stale = Object.keys(sim.host.state.registry).find((k) => k.startsWith(`${SERVERS}\\`));
    expect(stale).toBeDefined();
    sim.host.state.unreadableKeys = [stale!];
    const f = await sim.check('client.history');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read/);
    expect(
      f.evidence.some((e) => e.label === 'Could not read' && JSON.stringify(e.value).includes(JSON.stringify(stale!).slice(1, -1))),
    ).toBe(true);
  });
});

describe('ops/this-pc: a Remote Desktop store this account may not open', () => {
  it('client.history warns "could not read" the store instead of passing a CertHash it could not compare', async () => {
    const sim = await openSim('stale-credentials', { target: TARGET });
    sim.host.state.unreadableKeys = ['Cert:\\LocalMachine\\Remote Desktop'];
    const f = await sim.check('client.history');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read Cert:\\LocalMachine\\Remote Desktop \(access denied\)/);
    expect(f.verdict).not.toMatch(/no remembered certificate that differs/);
    expect(f.fixes).toEqual([]);
  });
});

describe('host.listener: a lanatable key this account may not open', () => {
  it('says the bound adapter is unknown (could not read) instead of "no longer exists"', async () => {
    const sim = await openSim('listener-wrong-adapter');
    expect((await sim.check('host.listener')).verdict).toMatch(/which no longer exists/);
    sim.host.state.unreadableKeys = ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\lanatable'];
    const f = await sim.check('host.listener');
    expect(f.verdict).toMatch(/could not read the lanatable key \(access denied\)/);
    expect(f.verdict).not.toMatch(/which no longer exists/);
    expect(f.evidence.find((e) => e.label === 'Bound adapter')?.value).toMatch(/could not read lanatable \(access denied\)/);
  });
});

describe('host.certificate: Win32_TSGeneralSetting this account may not query', () => {
  it('says WMI could not be read (access denied), not "(none reported)"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.unreadableWmiClasses = ['Win32_TSGeneralSetting'];
    const f = await sim.check('host.certificate');
    const line = f.evidence.find((e) => e.label === 'in use (WMI)');
    expect(line?.value).toBe('could not read Win32_TSGeneralSetting (access denied)');
  });
});

// ops/certificate-list read a store with Test-Path, which answers $false for a store this account may not open:
// the Remote Desktop store then read as "no certificate" (fail, renew offered) and My as "bound certificate gone".
describe('host.certificate: a certificate store this account may not open', () => {
  it('Remote Desktop store refused: "could not read" (warn, no renewal), never "Remote Desktop has no certificate"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.unreadableKeys = ['Cert:\\LocalMachine\\Remote Desktop'];
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read Cert:\\LocalMachine\\Remote Desktop \(access denied\)/);
    expect(f.verdict).not.toMatch(/has no certificate/);
    expect(f.fixes).toEqual([]);
    expect(f.evidence.find((e) => e.label === 'Cert:\\LocalMachine\\Remote Desktop')?.value).toBe('could not read (access denied)');
  });

  it('My refused with a custom binding: "could not read My", not "the binding points at a certificate not in My"', async () => {
    const sim = await openSim('custom-cert-binding-broken');
    expect((await sim.check('host.certificate')).verdict).toMatch(/not in Cert:\\LocalMachine\\My/);
    sim.host.state.unreadableKeys = ['Cert:\\LocalMachine\\My'];
    const f = await sim.check('host.certificate');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read Cert:\\LocalMachine\\My \(access denied\)/);
    expect(f.fixes).toEqual([]);
  });

  it('the script classifies by FullyQualifiedErrorId: only PathNotFound is "no such store"', () => {
    const text = readFileSync(path.resolve('electron/engine/ops/certificate-list.ps1'), 'utf8').replace(/^\s*#.*$/gm, '');
    expect(text).not.toMatch(/Test-Path/);
    expect(text).toMatch(/FullyQualifiedErrorId -like 'PathNotFound\*'\) \{ \$exists = \$false \} else \{ \$unreadable = Get-RdErrorClass/);
    expect(text).toMatch(/unreadable = \$unreadable/);
  });
});

describe('host.machinekeys: the certificate in use, in a store this account may not open', () => {
  it('says the stores could not be read, not that the certificate is "in neither Remote Desktop nor My"', async () => {
    const sim = await openSim('healthy');
    sim.host.state.unreadableKeys = ['Cert:\\LocalMachine\\Remote Desktop'];
    const f = await sim.check('host.machinekeys');
    expect(f.verdict).toMatch(/could not be looked up: could not read Cert:\\LocalMachine\\Remote Desktop \(access denied\)/);
    expect(JSON.stringify(f)).not.toMatch(/in neither Remote Desktop nor My/);
  });

  it('the script looks the certificate up with Get-RdItemOrNull and names a store it could not read', () => {
    const text = readFileSync(path.resolve('electron/engine/checks/host/machinekeys/machinekeys.ps1'), 'utf8').replace(/^\s*#.*$/gm, '');
    expect(text).not.toMatch(/Test-Path -LiteralPath \$p\b/);
    expect(text).toMatch(/try \{ \$cert = Get-RdItemOrNull -LiteralPath \$p \} catch \{ \$storeErrors \+=/);
  });
});

// Names Windows translates are never the test: a French Home edition's caption is "Microsoft Windows 11 Famille",
// a German one keeps "Home", a Japanese one may not. EditionID under HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
// ("Core" for Home) is the same in every language.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setValue } from '../../electron/hosts/simulated/registry';
import { openSim } from '../support/sim';

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

describe('host.rdp-enabled on a localized Home edition', () => {
  it('does not offer "Turn on Remote Desktop" on a French Home edition (EditionID Core, caption "Famille")', async () => {
    const sim = await openSim('rdp-disabled');
    sim.host.state.computer.caption = 'Microsoft Windows 11 Famille';
    setValue(sim.host.state, CURRENT_VERSION, 'EditionID', { type: 'REG_SZ', data: 'Core' });
    expect((await sim.check('host.os')).verdict).toMatch(/cannot accept Remote Desktop connections/);
    const rdp = await sim.check('host.rdp-enabled');
    expect(rdp.status).toBe('fail');
    expect(rdp.fixes.map((f) => [f.id, f.disabledReason])).toEqual([['enable-rdp', expect.stringMatching(/Windows Home/)]]);
  });

  it('still offers it on a French Pro edition (EditionID Professional)', async () => {
    const sim = await openSim('rdp-disabled');
    sim.host.state.computer.caption = 'Microsoft Windows 11 Professionnel';
    setValue(sim.host.state, CURRENT_VERSION, 'EditionID', { type: 'REG_SZ', data: 'Professional' });
    const rdp = await sim.check('host.rdp-enabled');
    expect(rdp.fixes.map((f) => [f.id, f.disabledReason ?? null])).toEqual([['enable-rdp', null]]);
  });
});

describe('client.saved-credentials: the cmdkey fallback (ConstrainedLanguage) keeps cmdkey exit code', () => {
  it('the script prints cmdkey /list exit code and why CredEnumerate was not used', () => {
    const text = readFileSync(path.resolve('electron/engine/checks/client/saved-credentials/saved-credentials.ps1'), 'utf8').replace(
      /^\s*#.*$/gm,
      '',
    );
    expect(text).toMatch(/\$listing = Invoke-RdNative -FilePath \(Get-RdSystemTool -Name 'cmdkey\.exe'\) -ArgumentList @\('\/list'\)/);
    expect(text).toMatch(/exitCode = \[int\]\$listing\.exitCode; apiError = \$apiError/);
    // Only the language-neutral target= part is parsed, never the localized "Target:" / "Ziel:" label.
    expect(text).toMatch(/'target=\(TERMSRV\/\\S\+\)'/);
    expect(text).not.toMatch(/Target:|Ziel:/);
  });
});

describe('client.saved-credentials: a deletion is confirmed through CredEnumerate where it can run', () => {
  const dir = 'electron/engine/checks/client/saved-credentials';
  const source = (file: string) => {
    const text = readFileSync(path.resolve(dir, file), 'utf8');
    return text.slice(text.indexOf("$credManSource = @'"), text.indexOf("'@", text.indexOf("$credManSource = @'")));
  };

  it('both scripts define RdDoctorCredMan from the same source (one session may hold the type from either)', () => {
    expect(source('saved-credentials-delete.ps1')).toContain('public static class RdDoctorCredMan');
    expect(source('saved-credentials-delete.ps1')).toBe(source('saved-credentials.ps1'));
  });

  it('the delete script asks CredEnumerate first and falls back to the cmdkey listing only when that is refused', () => {
    const text = readFileSync(path.resolve(dir, 'saved-credentials-delete.ps1'), 'utf8').replace(/^\s*#.*$/gm, '');
    const ask = text.indexOf('$stillThere = Test-RdCredentialLeft -Target $target');
    expect(ask).toBeGreaterThan(0);
    expect(text.indexOf("-ArgumentList @('/list:' + $target)")).toBeGreaterThan(text.indexOf('if ($null -eq $stillThere) {'));
    expect(text).toMatch(/if \(\$stillThere\) \{ throw/);
  });
});

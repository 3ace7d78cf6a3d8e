// Issue 11 §3, what only the .ps1 text can show here: ownership the documented way (takeown /a, never icacls
// /setowner to take it), files before their folder, DACLs before owners on restore, snapshots by file path and
// hash (no ConvertFrom-Json of a whole snapshot), unreadable items recorded instead of failing the snapshot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const code = (f: string) =>
  readFileSync(`electron/engine/ops/${f}.ps1`, 'utf8')
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n');

describe('MachineKeys ACL scripts', () => {
  it('acl-set takes ownership with takeown /a and changes the deepest items first', () => {
    const s = code('acl-set');
    expect(s).toMatch(/Get-RdSystemTool -Name 'takeown\.exe'\) -ArgumentList @\('\/f', \$p, '\/a'\)/);
    expect(s).not.toMatch(/\/setowner/);
    expect(s).toMatch(/Sort-Object -Property \{ \(\[string\]\$_\.path\)\.Length \} -Descending/);
  });

  it('acl-save writes files in the journal folder, restricts that folder, and records unreadable items', () => {
    const s = code('acl-save');
    expect(s).toMatch(/'\/save', \$saveFile/);
    expect(s).toMatch(/\/inheritance:r/);
    expect(s).toMatch(/\$unreadable\.Add/);
    expect(s).not.toMatch(/ToBase64String/);
    expect(s).toMatch(/Get-FileHash -LiteralPath \$saveFile -Algorithm 'SHA256'/);
  });

  it('acl-restore checks both hashes before anything, restores DACLs before owners, and never parses the snapshot as JSON', () => {
    const s = code('acl-restore');
    expect(s).not.toMatch(/ConvertFrom-Json|saveData/);
    const hash = s.indexOf('SHA-256 differs');
    const restore = s.indexOf("'/restore'");
    const owner = s.indexOf("'/setowner'");
    expect(hash).toBeGreaterThan(0);
    expect(hash).toBeLessThan(restore);
    expect(restore).toBeLessThan(owner);
  });
});

// New-Item -Force on a registry key that exists deletes the key with all its values and subkeys and recreates it
// empty (PowerShell/PowerShell#5444). Guarded by Test-Path, which answers $false for a key this account may not
// read, a registry fix or its rollback could wipe WinStations\RDP-Tcp. Every script creates registry keys through
// New-RdRegistryKeyIfAbsent, which decides existence with Get-RdItemOrNull (only PathNotFound is "absent").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const scripts = execFileSync('git', ['ls-files', '*.ps1'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const code = (rel: string) => readFileSync(path.resolve(rel), 'utf8').replace(/^\s*#.*$/gm, '');

describe('registry keys are created only when Windows says they do not exist', () => {
  it('rd-common: New-RdRegistryKeyIfAbsent asks Get-RdItemOrNull, never Test-Path', () => {
    const lib = code('electron/engine/lib/rd-common.ps1');
    const fn = lib.slice(lib.indexOf('function New-RdRegistryKeyIfAbsent'), lib.indexOf('function Get-RdErrorClass'));
    expect(fn).toMatch(/if \(\$null -eq \(Get-RdItemOrNull -LiteralPath \$LiteralPath\)\) \{ New-Item -Path \$LiteralPath -Force/);
    expect(fn).not.toMatch(/Test-Path/);
  });

  it.each(scripts)('%s: no New-Item -Force on a registry path outside that helper', (rel) => {
    const text = code(rel);
    for (const line of text.split('\n').filter((l) => /New-Item\b(?!Property)/.test(l))) {
      if (/-ItemType Directory/.test(line)) continue;
      expect(rel === 'electron/engine/lib/rd-common.ps1' && /Get-RdItemOrNull/.test(line), `${rel}: ${line.trim()}`).toBe(true);
    }
  });

  it('registry-write and history-edit decide existence without Test-Path', () => {
    expect(code('electron/engine/ops/registry-write.ps1')).not.toMatch(/Test-Path/);
    expect(code('electron/engine/checks/client/history/history-edit.ps1')).not.toMatch(/Test-Path/);
    expect(code('electron/engine/ops/registry-write.ps1')).toMatch(/New-RdRegistryKeyIfAbsent -LiteralPath \$path/);
  });
});

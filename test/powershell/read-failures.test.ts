// The scripts' side of "access denied is not absent": each read that may legitimately find nothing names the one
// FullyQualifiedErrorId (prefix) that means "nothing there", and passes every other error on as unreadable (or
// stops the script). A widened list (a wildcard, a generic id) would quietly turn errors into "none" again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const engine = path.resolve('electron/engine');
const read = (rel: string) => readFileSync(path.join(engine, rel), 'utf8');

/** Every `Get-RdReadFailure -What 'X' ... -AbsentIds @(...)` in a script: what -> absent ids ([] when none). */
function classified(rel: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of read(rel).matchAll(/Get-RdReadFailure -What (\S+) -Errors \$_(?: -AbsentIds @\(([^)]*)\))?/g)) {
    const ids = (m[2] ?? '')
      .split(',')
      .map((s) => s.trim().replace(/^'|'$/g, ''))
      .filter(Boolean);
    out.set(m[1]!.replace(/^'|'$/g, ''), ids);
  }
  return out;
}

const EXPECTED: [string, string, string[]][] = [
  ['checks/host/service/service.ps1', '$name', ['NoServiceFoundForGivenName']],
  ['checks/host/azure/azure.ps1', 'WindowsAzureGuestAgent', ['NoServiceFoundForGivenName']],
  ['checks/host/azure/azure.ps1', 'Win32_SystemEnclosure', []],
  ['checks/host/listener/listener.ps1', 'Get-NetTCPConnection', ['CmdletizationQuery_NotFound']],
  ['checks/host/listener/listener.ps1', 'Get-Process', ['NoProcessFoundForGivenId']],
  ['checks/host/licensing/licensing.ps1', 'Win32_TerminalServiceSetting', ['HRESULT 0x8004100e', 'HRESULT 0x80041010']],
  ['checks/host/licensing/licensing.ps1', 'GetGracePeriodDays', []],
  ['checks/host/licensing/licensing.ps1', 'GetSpecifiedLicenseServerList', []],
  ['checks/host/licensing/licensing.ps1', '$filter.LogName', ['NoMatchingEventsFound', 'NoMatchingLogsFound']],
  ['checks/host/session-limits/session-limits.ps1', 'Win32_TerminalServiceSetting', ['HRESULT 0x8004100e', 'HRESULT 0x80041010']],
  ['checks/host/user-rights/user-rights.ps1', 'RSOP_UserPrivilegeRight', ['HRESULT 0x8004100e', 'HRESULT 0x80041010']],
  ['ops/firewall-rules-read.ps1', 'firewall', ['CmdletizationQuery_NotFound']],
  ['ops/revert-task.ps1', 'Get-ScheduledTask', ['CmdletizationQuery_NotFound']],
  ['checks/client/winsock/winsock.ps1', 'Get-NetIPAddress', ['CmdletizationQuery_NotFound']],
  // Only a missing namespace/class is "no Security Center (Windows Server)"; access denied is not.
  ['checks/client/security-software/security-software.ps1', 'root\\SecurityCenter2', ['HRESULT 0x8004100e', 'HRESULT 0x80041010']],
];

describe('scripts: only the documented not-found id of a read means "absent"', () => {
  it.each(EXPECTED)('%s: %s', (rel, what, ids) => {
    expect(classified(rel).get(what), `${rel} no longer classifies ${what}'s errors`).toEqual(ids);
  });

  it('existence that decides a verdict is read with Get-RdItemOrNull, not Test-Path (which answers $false for access denied)', () => {
    expect(read('checks/host/machinekeys/machinekeys.ps1')).toMatch(/\$dirItem = Get-RdItemOrNull -LiteralPath \$dirPath/);
    expect(read('checks/host/machinekeys/machinekeys.ps1')).not.toMatch(/Test-Path -LiteralPath \$dirPath/);
    expect(read('checks/host/azure/azure.ps1')).not.toMatch(/Test-Path -LiteralPath/);
  });

  it('rd-common classifies access denied by id and category, never by the (localized) message text', () => {
    const lib = read('lib/rd-common.ps1');
    const fn = lib.slice(lib.indexOf('function Get-RdErrorClass'), lib.indexOf('function Get-RdReadFailure'));
    expect(fn).toMatch(/Category\] -eq 'PermissionDenied'|Category -eq 'PermissionDenied'/);
    expect(fn).toMatch(/HRESULT 0x80041003/);
    expect(fn).toMatch(/Windows System Error 5,/);
    expect(fn).not.toMatch(/Message -(match|like)/i);
  });
});

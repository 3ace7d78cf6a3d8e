// RDP Doctor runs its .ps1 files as administrator, so they must be changeable by administrators only. At start
// the packaged app reads the owner and ACL of the scripts folder and every file in it (a fixed script passed as
// -EncodedCommand: a check read from the folder it checks would prove nothing) and refuses to run any script
// when someone else may write there (a custom install folder that kept its inherited ACL, a re-permissioned file).
import { z } from 'zod';
import type { Exec } from '../main/exec';
import type { HostAdapter } from '../hosts/host-adapter';
import { powershellExecutable } from '../hosts/powershell/executable';

export const SCRIPTS_ACL_ENV = 'RDP_DOCTOR_SCRIPTS_PATH';

/** Reads owner and explicit/inherited Allow ACEs (inherit-only ones grant nothing here) of the folder tree. */
const SCRIPTS_ACL_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  `$root = $env:${SCRIPTS_ACL_ENV}`,
  '$items = @(Get-Item -LiteralPath $root -Force) + @(Get-ChildItem -LiteralPath $root -Recurse -Force)',
  '$out = foreach ($it in $items) {',
  '  $acl = Get-Acl -LiteralPath $it.FullName',
  '  $aces = foreach ($r in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {',
  "    if ($r.AccessControlType -eq 'Allow' -and -not ($r.PropagationFlags -band [System.Security.AccessControl.PropagationFlags]::InheritOnly)) {",
  '      @{ sid = [string]$r.IdentityReference.Value; rights = [int64]$r.FileSystemRights } } }',
  '  @{ path = [string]$it.FullName; owner = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value; aces = @($aces) } }',
  'ConvertTo-Json -InputObject @(@($out)) -Depth 4 -Compress',
].join('\n');

const Report = z.array(z.object({ path: z.string(), owner: z.string(), aces: z.array(z.object({ sid: z.string(), rights: z.number() })) }));
export type ScriptsAclReport = z.infer<typeof Report>;

const TRUSTED = ['S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'];
// WriteData/AddFile, AppendData/AddSubdirectory, WriteEA, DeleteChild, WriteAttributes, Delete, WRITE_DAC, WRITE_OWNER, GENERIC_WRITE, GENERIC_ALL.
const WRITE_MASK = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x40000000 | 0x10000000;

/** The first item someone other than SYSTEM, Administrators or TrustedInstaller may change, or null. */
export function scriptsFolderProblem(report: ScriptsAclReport): string | null {
  for (const item of report) {
    if (!TRUSTED.includes(item.owner)) return `${item.path} is owned by ${item.owner}`;
    const writer = item.aces.find((a) => !TRUSTED.includes(a.sid) && (a.rights & WRITE_MASK) !== 0);
    if (writer) return `${writer.sid} may change ${item.path}`;
  }
  return null;
}

/** Null when the scripts may run; otherwise the reason, for the message that replaces every check. */
export async function checkScriptsFolder(root: string, exec: Exec): Promise<string | null> {
  const args = [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-EncodedCommand',
    Buffer.from(SCRIPTS_ACL_SCRIPT, 'utf16le').toString('base64'),
  ];
  const r = await exec(powershellExecutable(), args, { env: { ...process.env, [SCRIPTS_ACL_ENV]: root }, timeoutMs: 30_000 });
  let parsed: ReturnType<typeof Report.safeParse> | null;
  try {
    parsed = Report.safeParse(JSON.parse(r.stdout.trim()));
  } catch {
    parsed = null;
  }
  if (r.code !== 0 || !parsed?.success)
    return `the permissions of ${root} could not be read (${r.stderr.trim().slice(0, 200) || 'no answer'})`;
  const problem = scriptsFolderProblem(parsed.data);
  return problem
    ? `${problem}: a standard user could change the scripts RDP Doctor runs as administrator. Reinstall into Program Files.`
    : null;
}

/** The host adapter when the scripts are not safe to run: every script is refused with the reason. */
export function refusingHost(reason: string): HostAdapter {
  const refuse = () => Promise.reject(new Error(`RDP Doctor refuses to run its scripts: ${reason}`));
  return { kind: 'powershell', info: refuse, run: refuse, flush: async () => undefined, close: async () => undefined };
}

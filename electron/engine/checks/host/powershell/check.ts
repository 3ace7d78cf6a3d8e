// host.powershell: can RDP Doctor's scripts run on this host at all? Runs before every other host check; when it
// fails, the runner skips the checks that need scripts and points here (nothing waits for a timeout).
// Execution policy: a Group Policy (MachinePolicy/UserPolicy) outranks -ExecutionPolicy Bypass
// (learn.microsoft.com/powershell/module/microsoft.powershell.security/set-executionpolicy?view=powershell-5.1).
// Language mode: under AppLocker or WDAC script enforcement, a script the policy does not trust runs in
// ConstrainedLanguage (about_Language_Modes), where the certificate store, ACL and P/Invoke calls fail.
import type { EvidenceItem } from '../../../../../shared/model';
import type { Check, Judgement } from '../../../types';
import { PowerShellProbe, SCRIPT_ID } from './schema';

const CHECK_ID = 'host.powershell';

/** Precedence order of execution policy scopes (about_Execution_Policies). */
const SCOPES = ['MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine'];
const GPO_SCOPES = new Set(['MachinePolicy', 'UserPolicy']);
const WDAC = ['off', 'audit only', 'enforced'];
/** Where Group Policy sets the execution policy, and deploys the script rules that constrain the language mode. */
const TURN_ON_SCRIPT_EXECUTION = 'Administrative Templates > Windows Components > Windows PowerShell > Turn on Script Execution';
const WDAC_POLICY =
  'Computer Configuration > Administrative Templates > System > Device Guard > Deploy Windows Defender Application Control';
const APPLOCKER_POLICY =
  'Computer Configuration > Windows Settings > Security Settings > Application Control Policies > AppLocker > Script Rules';

function evidenceOf(d: PowerShellProbe): EvidenceItem[] {
  const policy = (scope: string) => d.policies.find((p) => p.scope === scope)?.policy ?? 'Undefined';
  return [
    { label: 'Windows PowerShell', value: d.psVersion },
    { label: 'display language', value: d.uiCulture, source: 'Get-UICulture' },
    { label: 'session language mode', value: d.sessionLanguageMode },
    { label: 'script language mode', value: d.scriptLanguageMode ?? `(scripts do not run: ${d.scriptError?.errorId ?? 'unknown'})` },
    ...SCOPES.map((s) => ({
      label: `execution policy, ${s}`,
      value: policy(s),
      source: GPO_SCOPES.has(s) ? 'Group Policy' : 'Set-ExecutionPolicy',
    })),
    { label: 'effective execution policy', value: d.effectivePolicy },
    {
      label: 'script signature',
      value: `${d.signature.status}${d.signature.signer ? ` (${d.signature.signer})` : ''}`,
      source: 'Get-AuthenticodeSignature',
    },
    {
      label: 'WDAC user-mode code integrity',
      value: d.wdac ? (WDAC[d.wdac.user] ?? String(d.wdac.user)) : '(not reported)',
      source: 'Win32_DeviceGuard',
    },
    ...(d.lockdownPolicy ? [{ label: '__PSLockdownPolicy', value: d.lockdownPolicy, source: 'environment' }] : []),
  ];
}

/** The scope whose policy is in force: the first one, in precedence order, that is not Undefined. */
function deciding(d: PowerShellProbe): { scope: string; policy: string } | null {
  for (const s of SCOPES) {
    const p = d.policies.find((x) => x.scope === s && x.policy !== 'Undefined');
    if (p) return p;
  }
  return null;
}

/**
 * Over PowerShell Remoting or Azure Run Command the scripts reach the host as text run in the remote session:
 * the execution policy governs script files only (about_Execution_Policies), so what decides is the session's
 * language mode (a constrained endpoint or WDAC/AppLocker enforcement makes it ConstrainedLanguage).
 */
function judgeOverRemoting(d: PowerShellProbe, evidence: EvidenceItem[]): Judgement {
  const how = {
    label: 'scripts delivered',
    value: 'as text over the remote session (no script file on the host; execution policy does not apply)',
  };
  if (d.sessionLanguageMode !== 'FullLanguage') {
    const wdac = d.wdac?.user === 2 ? 'Windows Defender Application Control' : 'AppLocker, WDAC or a constrained session configuration';
    return {
      status: 'fail',
      verdict:
        `The remote session on this host runs in ${d.sessionLanguageMode} (${wdac}): reading the certificate store, ACLs and saved credentials needs FullLanguage, so the host checks cannot run over this connection. ` +
        'An administrator can connect to an endpoint that runs in FullLanguage, or run RDP Doctor at the host itself.',
      policy: d.wdac?.user === 2 ? WDAC_POLICY : APPLOCKER_POLICY,
      evidence: [how, ...evidence],
      fixes: [],
    };
  }
  return {
    status: 'pass',
    verdict: `RDP Doctor's scripts run in FullLanguage in the remote session; the execution policy (${d.effectivePolicy}) applies to script files, not to text sent over the connection.`,
    evidence: [how, ...evidence],
  };
}

function judgePowerShell(d: PowerShellProbe): Judgement {
  const evidence = evidenceOf(d);
  if (d.scriptError) {
    const by = deciding(d);
    const gpo = by && GPO_SCOPES.has(by.scope);
    const why = by
      ? `the execution policy ${by.policy} (${by.scope}${gpo ? ', set by Group Policy, which outranks -ExecutionPolicy Bypass' : ''})`
      : 'the execution policy';
    const unsigned = d.signature.status !== 'Valid';
    return {
      status: 'fail',
      ...(gpo ? { policy: `${by.scope === 'UserPolicy' ? 'User' : 'Computer'} Configuration > ${TURN_ON_SCRIPT_EXECUTION}` } : {}),
      verdict:
        `PowerShell will not run RDP Doctor's scripts here: ${why} refuses them (${d.scriptError.errorId}; signature: ${d.signature.status}). ` +
        (unsigned
          ? 'An administrator can install a build signed with the organisation\'s code-signing certificate (its publisher in Trusted Publishers), or exempt this host in the Group Policy "Turn on Script Execution".'
          : 'The scripts are signed, but the signer is not trusted here: an administrator can add the publisher certificate to Trusted Publishers (and its root to Trusted Root Certification Authorities).'),
      evidence,
      fixes: [],
    };
  }
  if (d.remoting) return judgeOverRemoting(d, evidence);
  if (d.scriptLanguageMode !== 'FullLanguage') {
    const wdac = d.wdac?.user === 2 ? 'Windows Defender Application Control' : 'AppLocker or WDAC';
    return {
      status: 'fail',
      verdict:
        `RDP Doctor's scripts run in ${d.scriptLanguageMode ?? 'an unknown language mode'} here (${wdac} script enforcement): reading the certificate store, ACLs and saved credentials needs FullLanguage, so the host checks cannot run. ` +
        "An administrator can allow RDP Doctor's install folder or its code-signing publisher in the script rules of the policy (usually deployed by Group Policy).",
      policy: d.wdac?.user === 2 ? WDAC_POLICY : APPLOCKER_POLICY,
      evidence,
      fixes: [],
    };
  }
  const note = d.sessionLanguageMode !== 'FullLanguage' ? ' (the session is constrained, but the policy trusts the scripts)' : '';
  return {
    status: 'pass',
    verdict: `RDP Doctor's scripts run in FullLanguage under execution policy ${d.effectivePolicy}${note}.`,
    evidence,
  };
}

export const check: Check<PowerShellProbe> = {
  id: CHECK_ID,
  side: 'host',
  layer: 'host-configuration',
  // Before every other host check (rdp-enabled is 10): when scripts cannot run, the runner skips the rest.
  rank: 5,
  title: 'PowerShell can run RDP Doctor (language mode, execution policy, signing)',
  reads:
    "language mode of the session and of a script file, Get-ExecutionPolicy -List (MachinePolicy, UserPolicy, Process, CurrentUser, LocalMachine), the scripts' Authenticode signature, Win32_DeviceGuard",
  passWhen: 'a script file from the install folder runs, in FullLanguage',
  source: 'beyond seeds',
  scripts: [SCRIPT_ID],
  async collect(ctx) {
    return ctx.host.run(SCRIPT_ID, {}, PowerShellProbe, { signal: ctx.signal, timeoutMs: 15_000 });
  },
  judge: (d) => judgePowerShell(d),
  fixes: [],
};

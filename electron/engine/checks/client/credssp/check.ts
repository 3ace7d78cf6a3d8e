// client.credssp: the CredSSP encryption oracle remediation (KB 4093492, CVE-2018-0886). A patched client set
// to Force Updated Clients (0) or Mitigated (1, the default) refuses a host without the 2018 update; the client
// logs LsaSrv 6041 naming the host and the CredSSP version it offered. Vulnerable (2) connects anyway but is a
// security downgrade: only an opt-in, time-boxed workaround, listed as an open risk until restored.
import { z } from 'zod';
import { formatTarget } from '../../../../../shared/target';
import type { Check, CheckContext } from '../../../types';
import { RegRead, registryFix } from '../../../ops/registry';
import { CREDSSP_KEY } from '../../../windows-paths';
import type { Touches } from '../../../touches';
import { sameHost } from '../leftover-common';
import { PROBE_MEMO_KEY } from '../../../../probe/check-support';
import { buildOf, windowsName } from '../../../../probe/judge-identity';

const SCRIPT = 'checks/client/credssp/credssp';
const LOOKBACK_DAYS = 7;

export const POLICY_ORACLE =
  'Computer Configuration > Administrative Templates > System > Credentials Delegation > "Encryption Oracle Remediation"';

export const CredsspData = z.object({
  oracle: RegRead,
  blocked: z.array(z.object({ time: z.string(), target: z.string(), offeredVersion: z.string().nullable() })),
  logAvailable: z.boolean(),
  /** Why the System log query failed (by FullyQualifiedErrorId); null when it ran, even with no events. */
  logError: z.object({ reason: z.enum(['unreadable', 'error']), errorId: z.string(), message: z.string() }).nullable(),
});
type Data = z.infer<typeof CredsspData> & {
  /** The host's Windows version from the identity probe (major.minor.build); null without a target or NLA. */
  hostVersion?: string | null;
};

/**
 * Windows 10 1803 (build 17134, April 2018) is the first release that shipped with the CredSSP update; older
 * builds got it as an update from March 2018 (KB 4093492). NTLM's version carries no update level, so for an
 * older build the refusal is a prediction to verify, not a fact.
 */
const FIRST_BUILD_WITH_CREDSSP_UPDATE = 17134;

const LEVELS: Record<number, string> = { 0: 'Force Updated Clients', 1: 'Mitigated', 2: 'Vulnerable' };

function level(oracle: Data['oracle']): number {
  return oracle.exists && typeof oracle.data === 'number' ? oracle.data : 1;
}

function blockedForTarget(data: Data, ctx: CheckContext): Data['blocked'] {
  return data.blocked.filter((b) => !ctx.target || sameHost(b.target.replace(/^TERMSRV\//i, ''), ctx.target.host));
}

function logProblem(data: Data): string {
  const e = data.logError;
  if (!e) return 'the System log could not be read';
  return e.reason === 'unreadable'
    ? `the System log is not readable by this account (${e.errorId})`
    : `the System log query failed (${e.errorId}: ${e.message})`;
}

const POLICY_NOTE = `A domain Group Policy (${POLICY_ORACLE}) writes the same value and would put its own back at the next refresh.`;

// AllowEncryptionOracle: 0 Force Updated, 1 Mitigated, 2 Vulnerable (lowers security, CVE-2018-0886).
// https://learn.microsoft.com/troubleshoot/windows-server/windows-security/credssp-encryption-oracle-remediation
const ORACLE_TOUCH: Touches = {
  shape: 'registry-values',
  registry: [{ key: CREDSSP_KEY, name: 'AllowEncryptionOracle', type: 'REG_DWORD', values: [0, 1, 2], lowering: [2] }],
};

export const check: Check<Data> = {
  id: 'client.credssp',
  side: 'client',
  layer: 'policy',
  rank: 90,
  title: 'CredSSP encryption oracle remediation',
  reads: `AllowEncryptionOracle under ${CREDSSP_KEY}; LsaSrv 6041 (host offered a CredSSP version the setting forbids) in the System log, last ${LOOKBACK_DAYS} days`,
  passWhen: "compatible with the host's patch level (no 6041 for the target); Vulnerable (2) only while a host that needs it was seen",
  source: 'beyond seeds',
  scripts: [SCRIPT],
  async collect(ctx) {
    const [data, hostVersion] = await Promise.all([
      ctx.host.run(SCRIPT, { days: LOOKBACK_DAYS }, CredsspData, { signal: ctx.signal }),
      probedHostVersion(ctx),
    ]);
    return { ...data, hostVersion };
  },
  judge(data, ctx) {
    const value = level(data.oracle);
    const blocked = blockedForTarget(data, ctx);
    const evidence = [
      {
        label: 'AllowEncryptionOracle',
        value: data.oracle.exists ? `${String(data.oracle.data)} (${LEVELS[value] ?? 'unknown'})` : '(not set: 1, Mitigated)',
        source: CREDSSP_KEY,
      },
      ...blocked.map((b) => ({
        label: `Refused ${b.target} at ${b.time}`,
        value: `the host offered CredSSP version ${b.offeredVersion ?? '?'}, which Encryption Oracle Remediation forbids`,
        source: 'System log, LsaSrv 6041',
      })),
      ...(data.logAvailable ? [] : [{ label: 'System log', value: logProblem(data), source: 'LsaSrv 6041' }]),
    ];
    const hosts = [...new Set(blocked.map((b) => b.target))].join(', ');
    if (value === 2 && blocked.length > 0) {
      // The team's rule for downgrades with a reason (host.nla does the same): pass, say it is weaker; an app-made
      // downgrade stays an open risk through its journal entry until rolled back.
      return {
        status: 'pass',
        verdict: `CredSSP is set to Vulnerable (AllowEncryptionOracle 2), which lets this PC reach ${hosts}, a host without the 2018 CredSSP update. It is weaker: patch the host, then restore the default (roll the change back).`,
        evidence,
      };
    }
    if (value === 2) {
      return {
        status: 'warn',
        verdict:
          'CredSSP is set to Vulnerable (AllowEncryptionOracle 2), and no host refused by the default was seen in the last week: this PC sends credentials to unpatched hosts that an attacker in the middle can exploit. Open risk: restore the default.',
        evidence,
        fixes: ['restore-oracle-default'],
      };
    }
    if (blocked.length > 0) {
      return {
        status: 'fail',
        verdict: `${hosts} has not installed the 2018 CredSSP update (CVE-2018-0886): it offered an old CredSSP version, and this PC (${LEVELS[value]}) refuses it, so the connection ends right after the security handshake. Install the host's Windows updates; setting Vulnerable here is only a temporary, opt-in workaround.`,
        evidence,
        fixes: ['allow-vulnerable-oracle'],
      };
    }
    const predicted = predictOracleRefusal(data.hostVersion ?? null, value);
    if (predicted) {
      return {
        status: 'warn',
        verdict: predicted,
        evidence: [...evidence, { label: 'Host version (NTLM, before logon)', value: data.hostVersion ?? null, source: 'probe.identity' }],
        related: ['host.os'],
      };
    }
    const target = ctx.target ? ` with ${formatTarget(ctx.target)}` : '';
    if (!data.logAvailable) {
      // No 6041 seen is not proof when the log could not be read: say so instead of passing.
      return {
        status: 'warn',
        verdict: `CredSSP is ${LEVELS[value] ?? `set to ${value}`}, but ${logProblem(data)}, so a host refused for an old CredSSP version${target} would not show.`,
        evidence,
      };
    }
    return {
      status: 'pass',
      verdict: `CredSSP is ${LEVELS[value] ?? `set to ${value}`}; no host was refused for an old CredSSP version${target}.`,
      evidence,
    };
  },
  fixes: [
    registryFix<Data>({
      id: 'allow-vulnerable-oracle',
      title: 'Temporarily allow unpatched CredSSP hosts (Vulnerable)',
      description: `Sets AllowEncryptionOracle to 2 so this PC connects to a host without the 2018 CredSSP update. A security downgrade: use it to reach the host and install its updates, then roll it back. ${POLICY_NOTE}`,
      reversible: true,
      lowersSecurity: true,
      needsAdmin: true,
      needsRestart: false,
      dropsSessions: false,
      confirmText:
        'This lets this PC send credentials over CredSSP to unpatched hosts (CVE-2018-0886). RDP Doctor lists it as an open risk until you roll it back; roll it back as soon as the host is updated.',
      touches: ORACLE_TOUCH,
      writes: () => [{ key: CREDSSP_KEY, name: 'AllowEncryptionOracle', value: { type: 'REG_DWORD', data: 2 } }],
      warnings: () => ['Security downgrade: roll this back right after the test connection or once the host is patched.'],
    }),
    registryFix<Data>({
      id: 'restore-oracle-default',
      title: 'Restore the CredSSP default (Mitigated)',
      description: `Removes AllowEncryptionOracle so CredSSP returns to the default, Mitigated. Hosts without the 2018 update are refused again. ${POLICY_NOTE}`,
      reversible: true,
      lowersSecurity: false,
      needsAdmin: true,
      needsRestart: false,
      dropsSessions: false,
      touches: ORACLE_TOUCH,
      writes: () => [{ key: CREDSSP_KEY, name: 'AllowEncryptionOracle', value: null }],
      warnings: (data, ctx) =>
        blockedForTarget(data, ctx).length > 0
          ? ['The host that needed it has not been seen patched yet: connections to it will be refused again until it is.']
          : [],
    }),
  ],
};

/** The CredSSP refusal this PC's setting predicts for a host of this version, or null when none is expected. */
export function predictOracleRefusal(hostVersion: string | null, level: number): string | null {
  const build = buildOf(hostVersion);
  if (build === null || level === 2 || build >= FIRST_BUILD_WITH_CREDSSP_UPDATE) return null;
  const name = windowsName(hostVersion) ?? `Windows ${hostVersion}`;
  return `The host runs ${name} (version ${hostVersion}), a release from before the 2018 CredSSP update (CVE-2018-0886). Unless it has installed updates since March 2018, this PC (AllowEncryptionOracle ${level}, ${LEVELS[level] ?? level}) refuses it right after the password with "CredSSP encryption oracle remediation". The version the host announces does not show its update level: check its updates first.`;
}

const ProbeIdentityPeek = z.object({ identity: z.object({ productVersion: z.string().nullable() }).nullable().optional() });

/** The host's version from this run's probe, if a probe check ran one; never starts a probe itself. */
async function probedHostVersion(ctx: CheckContext): Promise<string | null> {
  if (!ctx.target) return null;
  try {
    const report = await ctx.memo<unknown>(PROBE_MEMO_KEY, () => Promise.reject(new Error('no probe in this run')));
    const parsed = ProbeIdentityPeek.safeParse(report);
    return parsed.success ? (parsed.data.identity?.productVersion ?? null) : null;
  } catch {
    return null;
  }
}

// host.nla: Network Level Authentication (UserAuthentication on RDP-Tcp) as Remote Desktop Services applies
// it (Win32_TSGeneralSetting, with its policy source), judged against what the client can do: a client that
// cannot do CredSSP is refused by a host that requires NLA (HYBRID_REQUIRED_BY_SERVER). Turning NLA off is a
// security downgrade: warned, confirmed, listed as an open risk until reverted.
import { z } from 'zod';
import type { Check, CheckContext, Judgement } from '../../../types';
import { readRegistry, type RegRead } from '../../../ops/registry';
import { RDP_TCP_KEY, TS_POLICY_KEY } from '../../../windows-paths';
import { effectiveDword, POLICY_NLA, rdpTcpDwordFix, regEvidence } from '../ts-policies';

export const TsGeneralOutput = z.object({
  setting: z
    .object({
      terminalName: z.string(),
      userAuthenticationRequired: z.number(),
      /** 0 server setting, 1 Group Policy, 2 default (Win32_TSGeneralSetting reference). */
      policySourceUserAuthenticationRequired: z.number(),
      policySourceSecurityLayer: z.number(),
      policySourceMinEncryptionLevel: z.number(),
    })
    .nullable(),
  settingError: z.string().nullable(),
  /** What the connecting client can negotiate; null when unknown (always, on a real host). */
  client: z.object({ supportsCredSSP: z.boolean(), supportsTLS: z.boolean() }).nullable(),
});
export type TsGeneralOutput = z.infer<typeof TsGeneralOutput>;

export const POLICY_SOURCE_GROUP_POLICY = 1;

export async function readTsGeneral(ctx: CheckContext): Promise<TsGeneralOutput> {
  return ctx.host.run('checks/host/nla/nla', {}, TsGeneralOutput, { signal: ctx.signal });
}

interface Data {
  local: RegRead;
  policy: RegRead;
  ts: TsGeneralOutput;
}

const byPolicy = (d: Data) => d.policy.exists || d.ts.setting?.policySourceUserAuthenticationRequired === POLICY_SOURCE_GROUP_POLICY;
const nlaRequired = (d: Data) =>
  (d.ts.setting ? d.ts.setting.userAuthenticationRequired : effectiveDword(d.local, d.policy, 0).value) === 1;
const policyReason = (d: Data) => (byPolicy(d) ? `Set by Group Policy: change ${POLICY_NLA}` : null);

function judgeNla(d: Data): Judgement {
  const required = nlaRequired(d);
  const client = d.ts.client;
  const sources = ['server setting', 'Group Policy', 'default'];
  const evidence = [
    regEvidence('UserAuthentication (local)', d.local, '(not set: 0)'),
    regEvidence('UserAuthentication (policy)', d.policy),
    {
      label: 'UserAuthenticationRequired (applied)',
      value: d.ts.setting
        ? `${d.ts.setting.userAuthenticationRequired} (from ${sources[d.ts.setting.policySourceUserAuthenticationRequired] ?? 'unknown source'})`
        : `unavailable: ${d.ts.settingError ?? 'no answer'}`,
      source: 'Win32_TSGeneralSetting (root\\cimv2\\TerminalServices)',
    },
    {
      label: 'Client can do CredSSP (NLA)',
      value: client ? client.supportsCredSSP : '(unknown from the host: see the client probe)',
      source: 'client',
    },
  ];
  const policy = byPolicy(d) ? { policy: POLICY_NLA } : {};
  if (required && client?.supportsCredSSP === false) {
    return {
      status: 'fail',
      verdict: byPolicy(d)
        ? 'The host requires Network Level Authentication by Group Policy, and this client cannot do CredSSP, so the host refuses it (HYBRID_REQUIRED_BY_SERVER). Update the client or change the policy.'
        : 'The host requires Network Level Authentication and this client cannot do CredSSP, so the host refuses it (HYBRID_REQUIRED_BY_SERVER). Update the client; turning NLA off is only a temporary workaround.',
      evidence,
      ...policy,
      fixes: byPolicy(d) ? [] : ['disable-nla'],
    };
  }
  if (required) {
    // A real host cannot see the client: claim only what is known.
    const verdict = client
      ? 'Network Level Authentication is required, and the client can do it.'
      : 'Network Level Authentication is required: clients must do CredSSP, as current Windows clients do. A client that cannot is refused (HYBRID_REQUIRED_BY_SERVER in the client probe).';
    return { status: 'pass', verdict, evidence, ...policy };
  }
  if (client?.supportsCredSSP === false) {
    return {
      status: 'pass',
      verdict:
        'Network Level Authentication is off, which lets this client (no CredSSP) connect. It is weaker: turn it back on once the client is updated.',
      evidence,
      ...policy,
    };
  }
  return {
    status: 'warn',
    verdict:
      'Network Level Authentication is off: anyone who reaches the port gets a Windows logon screen before authenticating. Turn it on unless an old client needs it off.',
    evidence,
    ...policy,
    fixes: byPolicy(d) ? [] : ['enable-nla'],
  };
}

// UserAuthentication: 0 no NLA, 1 NLA required; 0 lowers security.
// https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-rdp-winstationextensions-userauthentication
const NLA_VALUES = { values: [0, 1], lowering: [0] } as const;

export const check: Check<Data> = {
  id: 'host.nla',
  side: 'host',
  layer: 'host-configuration',
  rank: 70,
  title: 'Network Level Authentication fits the client',
  reads: `UserAuthentication on ${RDP_TCP_KEY} and under ${TS_POLICY_KEY}; Win32_TSGeneralSetting.UserAuthenticationRequired and PolicySourceUserAuthenticationRequired for RDP-Tcp`,
  passWhen: 'NLA is required and the client can do CredSSP, or NLA is off for a client that cannot',
  source: 'all three',
  scripts: ['ops/registry-read', 'checks/host/nla/nla'],
  async collect(ctx) {
    // Both reads at once: over remoting they share a round trip.
    const [[local, policy], ts] = await Promise.all([
      readRegistry(ctx, [
        { key: RDP_TCP_KEY, name: 'UserAuthentication' },
        { key: TS_POLICY_KEY, name: 'UserAuthentication' },
      ]),
      readTsGeneral(ctx),
    ]);
    return { local: local!, policy: policy!, ts };
  },
  judge: judgeNla,
  fixes: [
    rdpTcpDwordFix<Data>({
      id: 'disable-nla',
      title: 'Turn off Network Level Authentication (temporarily)',
      description: 'Sets UserAuthentication on RDP-Tcp to 0 so a client without CredSSP can connect. Revert it after the test connection.',
      name: 'UserAuthentication',
      data: 0,
      ...NLA_VALUES,
      lowersSecurity: true,
      confirmText:
        'This lowers security: without NLA, anyone who can reach the RDP port gets a logon screen before proving who they are (more exposure to password guessing and pre-authentication flaws). Revert it after the test connection; RDP Doctor lists it as an open risk until then.',
      warnings: ['Network Level Authentication will be off until you revert this fix.'],
      blockedBy: policyReason,
    }),
    rdpTcpDwordFix<Data>({
      id: 'enable-nla',
      title: 'Require Network Level Authentication',
      description: 'Sets UserAuthentication on RDP-Tcp to 1: users authenticate (CredSSP) before a session is created.',
      name: 'UserAuthentication',
      data: 1,
      ...NLA_VALUES,
      lowersSecurity: false,
      warnings: ['Clients that cannot do CredSSP (very old Remote Desktop clients, some third-party ones) will no longer connect.'],
      blockedBy: policyReason,
    }),
  ],
};

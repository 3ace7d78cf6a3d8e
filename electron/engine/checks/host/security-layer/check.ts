// host.security-layer: SecurityLayer on RDP-Tcp (0 RDP Security Layer, 1 Negotiate, 2 TLS) and
// MinEncryptionLevel. Negotiate or TLS pass; RDP-only refuses the client's TLS request
// (SSL_NOT_ALLOWED_BY_SERVER) and rules out NLA. Going down to RDP security is offered only as a warned,
// confirmed downgrade for a client that cannot do TLS.
import type { Check, Judgement } from '../../../types';
import { readRegistry, type RegRead } from '../../../ops/registry';
import { RDP_TCP_KEY, TS_POLICY_KEY } from '../../../windows-paths';
import { POLICY_SOURCE_GROUP_POLICY, readTsGeneral, type TsGeneralOutput } from '../nla/check';
import { effectiveDword, POLICY_SECURITY_LAYER, rdpTcpDwordFix, regEvidence } from '../ts-policies';

interface Data {
  layerLocal: RegRead;
  layerPolicy: RegRead;
  encLocal: RegRead;
  encPolicy: RegRead;
  ts: TsGeneralOutput;
}

const LAYERS = ['RDP Security Layer', 'Negotiate', 'TLS'];
const LEVELS = ['', 'Low', 'Client Compatible', 'High', 'FIPS Compliant'];
/** Windows negotiates when SecurityLayer is absent. */
const DEFAULT_LAYER = 1;

const byPolicy = (d: Data) => d.layerPolicy.exists || d.ts.setting?.policySourceSecurityLayer === POLICY_SOURCE_GROUP_POLICY;
const policyReason = (d: Data) => (byPolicy(d) ? `Set by Group Policy: change ${POLICY_SECURITY_LAYER}` : null);

function judgeSecurityLayer(d: Data): Judgement {
  const layer = effectiveDword(d.layerLocal, d.layerPolicy, DEFAULT_LAYER).value;
  const level = effectiveDword(d.encLocal, d.encPolicy, 2).value;
  const client = d.ts.client;
  const evidence = [
    regEvidence('SecurityLayer (local)', d.layerLocal, `(not set: ${DEFAULT_LAYER})`),
    regEvidence('SecurityLayer (policy)', d.layerPolicy),
    { label: 'SecurityLayer (applied)', value: `${layer} (${LAYERS[layer] ?? 'unknown'})` },
    regEvidence('MinEncryptionLevel (local)', d.encLocal, '(not set: 2)'),
    regEvidence('MinEncryptionLevel (policy)', d.encPolicy),
    { label: 'MinEncryptionLevel (applied)', value: `${level} (${LEVELS[level] ?? 'unknown'})` },
    { label: 'Client can do TLS', value: client ? client.supportsTLS : '(unknown from the host: see the client probe)', source: 'client' },
  ];
  const policy = byPolicy(d) ? { policy: POLICY_SECURITY_LAYER } : {};
  const policyNote = byPolicy(d) ? ' The value is set by Group Policy: change the policy, a local edit would be reverted.' : '';
  if (layer === 0 && client?.supportsTLS === false) {
    return {
      status: 'pass',
      verdict:
        'Only the legacy RDP Security Layer is offered, which lets this client (no TLS) connect. It is weaker: go back to Negotiate or TLS once the client is updated.',
      evidence,
      ...policy,
    };
  }
  if (layer === 0) {
    return {
      status: 'fail',
      verdict: `The host offers only the legacy RDP Security Layer (SecurityLayer = 0): it refuses the client's TLS request (SSL_NOT_ALLOWED_BY_SERVER) and Network Level Authentication cannot work.${policyNote}`,
      evidence,
      ...policy,
      fixes: byPolicy(d) ? [] : ['set-negotiate'],
    };
  }
  if (layer === 2 && client?.supportsTLS === false) {
    return {
      status: 'fail',
      verdict: `The host requires TLS (SecurityLayer = 2) and this client cannot do TLS, so the host refuses it (SSL_REQUIRED_BY_SERVER). Update the client.${policyNote}`,
      evidence,
      ...policy,
      fixes: byPolicy(d) ? [] : ['allow-rdp-security'],
    };
  }
  if (layer !== 1 && layer !== 2) {
    return {
      status: 'warn',
      verdict: `SecurityLayer is ${layer}, which is not a value Windows documents (0, 1 or 2).${policyNote}`,
      evidence,
      ...policy,
      fixes: [],
    };
  }
  return { status: 'pass', verdict: `The host uses ${LAYERS[layer]} for the connection's security layer.`, evidence, ...policy };
}

// SecurityLayer: 0 RDP Security Layer, 1 negotiate, 2 TLS; 0 means the host does not authenticate itself.
// https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-rdp-winstationextensions-securitylayer
const LAYER_VALUES = { values: [0, 1, 2], lowering: [0] } as const;

export const check: Check<Data> = {
  id: 'host.security-layer',
  side: 'host',
  layer: 'host-configuration',
  rank: 60,
  title: 'Security layer allows TLS',
  reads: `SecurityLayer and MinEncryptionLevel on ${RDP_TCP_KEY} and under ${TS_POLICY_KEY}; Win32_TSGeneralSetting.PolicySourceSecurityLayer`,
  passWhen: 'SecurityLayer is Negotiate (1) or TLS (2)',
  source: '001',
  scripts: ['ops/registry-read', 'checks/host/nla/nla'],
  async collect(ctx) {
    // Both reads at once: over remoting they share a round trip.
    const [[layerLocal, layerPolicy, encLocal, encPolicy], ts] = await Promise.all([
      readRegistry(ctx, [
        { key: RDP_TCP_KEY, name: 'SecurityLayer' },
        { key: TS_POLICY_KEY, name: 'SecurityLayer' },
        { key: RDP_TCP_KEY, name: 'MinEncryptionLevel' },
        { key: TS_POLICY_KEY, name: 'MinEncryptionLevel' },
      ]),
      readTsGeneral(ctx),
    ]);
    return { layerLocal: layerLocal!, layerPolicy: layerPolicy!, encLocal: encLocal!, encPolicy: encPolicy!, ts };
  },
  judge: judgeSecurityLayer,
  fixes: [
    rdpTcpDwordFix<Data>({
      id: 'set-negotiate',
      title: 'Let the client negotiate TLS (SecurityLayer = Negotiate)',
      description: 'Sets SecurityLayer on RDP-Tcp to 1: the host uses TLS with every client that supports it.',
      name: 'SecurityLayer',
      data: 1,
      ...LAYER_VALUES,
      lowersSecurity: false,
      warnings: [],
      blockedBy: policyReason,
    }),
    rdpTcpDwordFix<Data>({
      id: 'allow-rdp-security',
      title: 'Offer the legacy RDP Security Layer (temporarily)',
      description: 'Sets SecurityLayer on RDP-Tcp to 0 so a client without TLS can connect. Revert it after the test connection.',
      name: 'SecurityLayer',
      data: 0,
      ...LAYER_VALUES,
      lowersSecurity: true,
      confirmText:
        'This lowers security: the RDP Security Layer does not authenticate the host (no certificate), so a man in the middle can read the session, and Network Level Authentication stops working. Revert it after the test connection; RDP Doctor lists it as an open risk until then.',
      warnings: [
        'The host will not authenticate itself with a certificate until you revert this fix; Network Level Authentication stops working meanwhile.',
      ],
      blockedBy: policyReason,
    }),
  ],
};

// The Group Policy settings (Remote Desktop Session Host templates) behind the values under the policy key,
// named as gpedit.msc shows them, so a check that finds a value set by policy names the policy to change;
// and the one-DWORD RDP-Tcp fix that the NLA and security-layer checks share.
import type { EvidenceItem } from '../../../../shared/model';
import type { CheckContext, Fix } from '../../types';
import { registryFix, type RegistrySnapshot, type RegRead } from '../../ops/registry';
import { RDP_TCP_KEY, TS_KEY, TS_POLICY_KEY } from '../../windows-paths';

const RDSH =
  'Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host';

export const POLICY_ALLOW_RDP = `${RDSH} > Connections > "Allow users to connect remotely by using Remote Desktop Services"`;
export const POLICY_NLA = `${RDSH} > Security > "Require user authentication for remote connections by using Network Level Authentication"`;
export const POLICY_SECURITY_LAYER = `${RDSH} > Security > "Require use of specific security layer for remote (RDP) connections"`;
export const POLICY_ENCRYPTION_LEVEL = `${RDSH} > Security > "Set client connection encryption level"`;

export interface TsPolicy {
  /** Value name under the policy key. */
  name: string;
  /** The Group Policy setting that writes it, or a note when no administrative template does. */
  policy: string;
  /** The local value it overrides, when there is one. */
  local?: { key: string; name: string };
  /** The check that judges the setting's effect on connections. */
  check?: string;
  /** A policy value that stops or breaks Remote Desktop connections by itself. */
  breaks?(data: number | string | string[]): string | null;
  /** Remote Desktop does not read this value from the policy key, so it overrides nothing. */
  ignored?: boolean;
}

export const TS_POLICIES: TsPolicy[] = [
  {
    name: 'fDenyTSConnections',
    policy: POLICY_ALLOW_RDP,
    local: { key: TS_KEY, name: 'fDenyTSConnections' },
    check: 'host.rdp-enabled',
    breaks: (d) => (d === 1 ? 'denies every Remote Desktop connection' : null),
  },
  { name: 'UserAuthentication', policy: POLICY_NLA, local: { key: RDP_TCP_KEY, name: 'UserAuthentication' }, check: 'host.nla' },
  {
    name: 'SecurityLayer',
    policy: POLICY_SECURITY_LAYER,
    local: { key: RDP_TCP_KEY, name: 'SecurityLayer' },
    check: 'host.security-layer',
    breaks: (d) => (d === 0 ? 'forces the legacy RDP Security Layer: TLS and NLA cannot be used' : null),
  },
  {
    name: 'MinEncryptionLevel',
    policy: POLICY_ENCRYPTION_LEVEL,
    local: { key: RDP_TCP_KEY, name: 'MinEncryptionLevel' },
    check: 'host.security-layer',
  },
  {
    name: 'fPromptForPassword',
    policy: `${RDSH} > Security > "Always prompt for password upon connection"`,
    local: { key: RDP_TCP_KEY, name: 'fPromptForPassword' },
  },
  { name: 'fEncryptRPCTraffic', policy: `${RDSH} > Security > "Require secure RPC communication"` },
  { name: 'SSLCertificateTemplateName', policy: `${RDSH} > Security > "Server authentication certificate template"` },
  { name: 'SelectTransport', policy: `${RDSH} > Connections > "Select RDP transport protocols"` },
  { name: 'MaxInstanceCount', policy: `${RDSH} > Connections > "Limit number of connections"` },
  {
    name: 'fDisableEncryption',
    policy: 'no administrative template sets this; a script or a legacy template wrote it under the policy key',
    breaks: (d) => (d === 1 ? 'turns encryption off, which current clients refuse' : null),
  },
  {
    name: 'PortNumber',
    policy: 'no administrative template sets this; the listener uses PortNumber on RDP-Tcp, not this value',
    local: { key: RDP_TCP_KEY, name: 'PortNumber' },
    ignored: true,
  },
];

/** The value that applies: the policy's when set, otherwise the local one, otherwise the Windows default. */
export function effectiveDword(
  local: RegRead,
  policy: RegRead,
  fallback: number,
): { value: number; source: 'policy' | 'local' | 'default' } {
  if (policy.exists && typeof policy.data === 'number') return { value: policy.data, source: 'policy' };
  if (local.exists && typeof local.data === 'number') return { value: local.data, source: 'local' };
  return { value: fallback, source: 'default' };
}

export function regEvidence(label: string, read: RegRead, unset = '(not set)'): EvidenceItem {
  return { label, value: read.exists ? read.data : unset, source: read.key };
}

export interface RdpTcpDwordFixSpec<Data> {
  id: string;
  title: string;
  description: string;
  /** Value name on RDP-Tcp and the DWORD the fix writes. */
  name: string;
  data: number;
  /** Every DWORD Windows documents for the value (a rollback restores only one of these), and those that lower security. */
  values: readonly number[];
  lowering: readonly number[];
  lowersSecurity: boolean;
  confirmText?: string;
  warnings: string[];
  blockedBy(data: Data, ctx: CheckContext): string | null;
}

/** A reversible fix of one DWORD on RDP-Tcp: takes effect for the next connection, no restart, no session lost. */
export function rdpTcpDwordFix<Data>(spec: RdpTcpDwordFixSpec<Data>): Fix<Data, RegistrySnapshot> {
  const { name, data, values, lowering, warnings, ...info } = spec;
  return registryFix<Data>({
    ...info,
    reversible: true,
    needsAdmin: true,
    needsRestart: false,
    dropsSessions: false,
    warnings: () => warnings,
    touches: { shape: 'registry-values', registry: [{ key: RDP_TCP_KEY, name, type: 'REG_DWORD', values, lowering }] },
    writes: () => [{ key: RDP_TCP_KEY, name, value: { type: 'REG_DWORD', data } }],
  });
}

export { TS_POLICY_KEY };

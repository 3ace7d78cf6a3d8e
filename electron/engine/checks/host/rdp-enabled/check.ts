// host.rdp-enabled: "Allow remote connections to this computer" is fDenyTSConnections = 0, unless a Group
// Policy value under the policy key overrides it; then the policy is named and the local value left alone.
import type { Check } from '../../../types';
import { readRegistry, registryFix, type RegRead } from '../../../ops/registry';
import { TS_KEY, TS_POLICY_KEY } from '../../../windows-paths';
import { isHomeEdition } from '../os/check';
import { POLICY_ALLOW_RDP } from '../ts-policies';

interface Data {
  local: RegRead;
  policy: RegRead;
  /**
   * EditionID under CurrentVersion ("Core" on Home): language-neutral, unlike the Win32_OperatingSystem caption
   * host-info reports ("Microsoft Windows 11 Famille" on a French Home edition).
   */
  edition?: RegRead;
}

const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

export const check: Check<Data> = {
  id: 'host.rdp-enabled',
  side: 'host',
  layer: 'host-configuration',
  rank: 10,
  title: 'Remote Desktop is enabled',
  reads: `fDenyTSConnections under ${TS_KEY} and under ${TS_POLICY_KEY}; EditionID (Home has no Remote Desktop host)`,
  passWhen: 'fDenyTSConnections is 0 and no policy denies connections',
  source: 'all three',
  scripts: ['ops/registry-read'],
  async collect(ctx) {
    const [local, policy, edition] = await readRegistry(ctx, [
      { key: TS_KEY, name: 'fDenyTSConnections' },
      { key: TS_POLICY_KEY, name: 'fDenyTSConnections' },
      { key: CURRENT_VERSION_KEY, name: 'EditionID' },
    ]);
    return { local: local!, policy: policy!, edition: edition! };
  },
  judge({ local, policy }) {
    const evidence = [
      { label: 'fDenyTSConnections (local)', value: local.exists ? local.data : '(not set: defaults to 1, denied)', source: TS_KEY },
      { label: 'fDenyTSConnections (policy)', value: policy.exists ? policy.data : '(not set)', source: TS_POLICY_KEY },
    ];
    if (policy.exists && policy.data === 1) {
      return {
        status: 'fail',
        verdict: 'Remote Desktop is turned off by Group Policy; a local change would be reverted at the next policy refresh.',
        evidence,
        policy: POLICY_ALLOW_RDP,
        related: ['host.group-policy'],
        fixes: [],
      };
    }
    if (policy.exists && policy.data === 0) {
      return { status: 'pass', verdict: 'Remote Desktop is enabled by Group Policy.', evidence, policy: POLICY_ALLOW_RDP };
    }
    if (local.exists && local.data === 0) return { status: 'pass', verdict: 'Remote Desktop is enabled on this PC.', evidence };
    return {
      status: 'fail',
      verdict:
        'Remote Desktop is turned off on this PC ("Allow remote connections to this computer" is off), so it refuses every connection.',
      evidence,
      fixes: ['enable-rdp'],
    };
  },
  fixes: [
    registryFix<Data>({
      id: 'enable-rdp',
      title: 'Turn on Remote Desktop',
      description: 'Sets fDenyTSConnections to 0 so this PC accepts Remote Desktop connections.',
      reversible: true,
      lowersSecurity: false,
      needsAdmin: true,
      needsRestart: false,
      dropsSessions: false,
      blockedBy: ({ policy, edition }, ctx) => {
        if (policy.exists) return `Set by Group Policy: change ${POLICY_ALLOW_RDP}`;
        // The value exists on Home too, but no listener ever comes of it (host.os says so). By EditionID: the caption
        // is localized, and only an English one says "Home".
        const editionId = edition?.exists && typeof edition.data === 'string' ? edition.data : null;
        if (isHomeEdition({ caption: ctx.hostInfo.os, editionId }))
          return 'Windows Home has no Remote Desktop host: upgrade the edition (see the check “Windows edition, build and pending restart”)';
        return null;
      },
      touches: { shape: 'registry-values', registry: [{ key: TS_KEY, name: 'fDenyTSConnections', type: 'REG_DWORD', values: [0, 1] }] },
      writes: () => [{ key: TS_KEY, name: 'fDenyTSConnections', value: { type: 'REG_DWORD', data: 0 } }],
    }),
  ],
};

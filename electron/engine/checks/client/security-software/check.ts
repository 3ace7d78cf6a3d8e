// client.security-software: third-party antivirus and firewall products registered with Windows Security
// Center. They can cut RDP connections they consider suspicious; the guidance is an exception for mstsc.exe
// (and TCP/UDP 3389 outbound). Guidance only: RDP Doctor does not change other vendors' settings.
import { z } from 'zod';
import type { Check } from '../../../types';

const SCRIPT = 'checks/client/security-software/security-software';

const Product = z.object({ name: z.string(), enabled: z.boolean() });
export const SecurityProducts = z.object({
  available: z.boolean(),
  /** Why root\SecurityCenter2 could not be read (e.g. access denied); null when it was read or does not exist. */
  unreadable: z.string().nullable().default(null),
  antivirus: z.array(Product),
  firewall: z.array(Product),
});
type Data = z.infer<typeof SecurityProducts>;

const MICROSOFT = /^(Windows|Microsoft) Defender/i;

export const check: Check<Data> = {
  id: 'client.security-software',
  side: 'client',
  layer: 'client-leftovers',
  rank: 110,
  title: 'Third-party antivirus and firewall',
  reads: 'root\\SecurityCenter2: AntiVirusProduct, FirewallProduct (Get-CimInstance -Namespace)',
  passWhen: 'no third-party product is turned on (Microsoft Defender alone, or none)',
  source: '000, 001',
  scripts: [SCRIPT],
  async collect(ctx) {
    return ctx.host.run(SCRIPT, {}, SecurityProducts, { signal: ctx.signal });
  },
  judge(data) {
    // A refused or broken read says nothing about what is installed: never "not available on this edition".
    if (!data.available && data.unreadable) {
      return {
        status: 'warn',
        verdict: `Could not read root\\SecurityCenter2 (${data.unreadable}), so whether a third-party antivirus or firewall could cut Remote Desktop connections is unknown.`,
        evidence: [{ label: 'root\\SecurityCenter2', value: `could not read (${data.unreadable})` }],
        fixes: [],
      };
    }
    if (!data.available) {
      return {
        status: 'pass',
        verdict:
          'Windows Security Center is not available on this edition (Windows Server), so installed security products cannot be listed.',
        evidence: [{ label: 'root\\SecurityCenter2', value: '(not available)' }],
      };
    }
    const all = [...data.antivirus.map((p) => ({ ...p, kind: 'Antivirus' })), ...data.firewall.map((p) => ({ ...p, kind: 'Firewall' }))];
    const evidence = all.map((p) => ({
      label: `${p.kind}: ${p.name}`,
      value: p.enabled ? 'on' : 'off',
      source: `root\\SecurityCenter2 ${p.kind === 'Antivirus' ? 'AntiVirusProduct' : 'FirewallProduct'}`,
    }));
    const thirdParty = all.filter((p) => p.enabled && !MICROSOFT.test(p.name));
    if (thirdParty.length > 0) {
      return {
        status: 'warn',
        verdict: `${[...new Set(thirdParty.map((p) => p.name))].join(', ')} can cut Remote Desktop connections it finds suspicious. If the connection drops, add an exception in it for C:\\Windows\\System32\\mstsc.exe (outbound TCP and UDP to the host's RDP port) and try again.`,
        evidence,
        fixes: [],
      };
    }
    return {
      status: 'pass',
      verdict:
        all.length > 0
          ? 'Only Microsoft Defender (or products that are off) protects this PC.'
          : 'No antivirus or firewall product is registered.',
      evidence,
    };
  },
  fixes: [],
};

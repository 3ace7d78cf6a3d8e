// host.os: edition, build and pending restart. Informational, except that a pending restart warns: Schannel
// and some Remote Desktop settings only take effect after it.
import { z } from 'zod';
import type { Check } from '../../../types';

const OsData = z.object({
  caption: z.string(),
  version: z.string(),
  build: z.string(),
  ubr: z.number().nullable(),
  editionId: z.string().nullable(),
  displayVersion: z.string().nullable(),
  productType: z.enum(['Workstation', 'DomainController', 'Server']),
  installationType: z.string().nullable(),
  lastBoot: z.string().nullable(),
  pendingReboot: z.boolean(),
  pendingReasons: z.array(z.string()),
});
export type OsData = z.infer<typeof OsData>;

/** Home editions have no Remote Desktop host; they can only connect out. */
export function isHomeEdition(d: Pick<OsData, 'editionId' | 'caption'>): boolean {
  return /^Core/i.test(d.editionId ?? '') || /\bHome\b/i.test(d.caption);
}

export const check: Check<OsData> = {
  id: 'host.os',
  side: 'host',
  layer: 'information',
  rank: 140,
  title: 'Windows edition, build and pending restart',
  reads:
    'Win32_OperatingSystem, HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion, and the pending-restart markers (Component Based Servicing RebootPending, Windows Update RebootRequired, PendingFileRenameOperations)',
  passWhen: 'informational; warns when a restart is pending, fails on a Home edition (no Remote Desktop host)',
  source: '001',
  scripts: ['checks/host/os/os'],
  async collect(ctx) {
    return ctx.host.run('checks/host/os/os', {}, OsData, { signal: ctx.signal });
  },
  judge(d) {
    const build = d.ubr !== null ? `${d.build}.${d.ubr}` : d.build;
    const evidence = [
      { label: 'Windows', value: d.caption, source: 'Win32_OperatingSystem' },
      { label: 'build', value: build },
      { label: 'edition', value: [d.editionId, d.displayVersion, d.installationType].filter(Boolean).join(', ') || '(unknown)' },
      { label: 'product type', value: d.productType },
      { label: 'last boot', value: d.lastBoot ?? '(unknown)' },
      { label: 'pending restart', value: d.pendingReboot ? d.pendingReasons.join('; ') : 'no' },
    ];
    const name = `${d.caption} (build ${build})`;
    // Checked first: on Home no setting or restart makes Remote Desktop accept connections.
    if (isHomeEdition(d)) {
      return {
        status: 'fail',
        verdict: `${name}: Home editions have no Remote Desktop host, so this PC cannot accept Remote Desktop connections, only make them. Upgrade it to Pro (or Enterprise/Education), or use another remote-access tool.`,
        evidence,
        fixes: [],
      };
    }
    if (d.pendingReboot) {
      return {
        status: 'warn',
        verdict: `${name} is waiting for a restart; settings changed since the last boot (Schannel protocols, updates) are not in effect until it restarts.`,
        evidence,
      };
    }
    return { status: 'pass', verdict: `${name}; no restart pending.`, evidence };
  },
  fixes: [],
};

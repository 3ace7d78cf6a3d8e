// client.winsock: this PC's network adapters (up, driver date, IPv4). Informational, unless no adapter is up or
// an up adapter only has a 169.254.x.x address (DHCP failed): then the Winsock reset and IP release/renew of
// the 0x904 guides is offered. It cannot be undone, needs a restart and drops the network for a moment.
import { z } from 'zod';
import type { Json } from '../../../../../shared/model';
import type { Check, Fix } from '../../../types';
import { OWN_SESSION_DISCONNECTED } from '../../../ops/services';

const SCRIPT = 'checks/client/winsock/winsock';
const RESET_SCRIPT = 'checks/client/winsock/winsock-reset';

export const NetAdapter = z.object({
  name: z.string(),
  description: z.string(),
  /** Get-NetAdapter's Status text: Up, Disconnected, Disabled, Not Present. */
  status: z.string(),
  driverDate: z.string(),
  ipv4: z.array(z.string()),
});
export const AdapterList = z.object({ adapters: z.array(NetAdapter) });
export const ResetResult = z.object({ steps: z.array(z.object({ command: z.string(), exitCode: z.number() })) });

type Data = z.infer<typeof AdapterList>;

const isApipa = (ip: string) => ip.startsWith('169.254.');
const dhcpFailed = (a: z.infer<typeof NetAdapter>) => a.status === 'Up' && a.ipv4.length > 0 && a.ipv4.every(isApipa);

interface Snapshot {
  [key: string]: Json;
  adapters: { name: string; status: string; ipv4: string[] }[];
}

const winsockReset: Fix<Data, Snapshot> = {
  id: 'winsock-reset',
  touches: { shape: 'winsock-reset' },
  title: 'Reset Winsock and renew the IP addresses',
  description: 'Runs netsh winsock reset, then ipconfig /release and ipconfig /renew. Restart Windows afterwards to finish the reset.',
  reversible: false,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: true,
  dropsSessions: true,
  confirmText:
    'This resets the Winsock catalog (removing layered network software such as some VPN or antivirus filters until they are reinstalled), drops every network connection while the addresses are renewed, and needs a restart. It cannot be undone.',
  async snapshot(_ctx, data) {
    return { adapters: data.adapters.map((a) => ({ name: a.name, status: a.status, ipv4: a.ipv4 })) };
  },
  plan(snapshot, ctx) {
    const warnings = ['Every network connection of this PC drops while the addresses are renewed; restart Windows afterwards.'];
    if (ctx.hostInfo.inRdpSession) warnings.unshift(`${OWN_SESSION_DISCONNECTED} when the network drops.`);
    return {
      changes: [
        {
          what: 'Winsock catalog',
          before: '(current, with any layered providers)',
          after: '(reset to the Windows default; restart needed)',
        },
        ...snapshot.adapters.map((a) => ({
          what: `Adapter ${a.name}`,
          before: `${a.status} ${a.ipv4.join(', ')}`.trim(),
          after: '(addresses released and renewed)',
        })),
      ],
      warnings,
    };
  },
  async apply(ctx) {
    await ctx.host.run(RESET_SCRIPT, {}, ResetResult, { signal: ctx.signal, timeoutMs: 120_000 });
  },
};

export const check: Check<Data> = {
  id: 'client.winsock',
  side: 'client',
  layer: 'network',
  rank: 100,
  title: 'Network adapters and Winsock',
  reads: 'Get-NetAdapter (status, driver date) and Get-NetIPAddress (IPv4) of this PC',
  passWhen: 'informational; warns when no adapter is up or an up adapter has only a 169.254.x.x address',
  source: '000',
  scripts: [SCRIPT],
  async collect(ctx) {
    return ctx.host.run(SCRIPT, {}, AdapterList, { signal: ctx.signal });
  },
  judge({ adapters }) {
    const evidence = adapters.map((a) => ({
      label: a.name,
      value: `${a.status}; ${a.description}; driver ${a.driverDate || 'date unknown'}${a.ipv4.length ? `; ${a.ipv4.join(', ')}` : ''}`,
      source: 'Get-NetAdapter',
    }));
    const up = adapters.filter((a) => a.status === 'Up');
    const noLease = adapters.filter(dhcpFailed);
    if (adapters.length > 0 && up.length === 0) {
      return {
        status: 'warn',
        verdict:
          'No network adapter is up: check the cable or Wi-Fi first; if the adapter is connected but stays down, reset Winsock and renew the IP address.',
        evidence,
        fixes: [winsockReset.id],
      };
    }
    if (noLease.length > 0) {
      return {
        status: 'warn',
        verdict: `${noLease.map((a) => a.name).join(', ')} only has a 169.254.x.x address: it got no address from DHCP. Renewing the IP address (with a Winsock reset) may fix it.`,
        evidence,
        fixes: [winsockReset.id],
      };
    }
    return {
      status: 'pass',
      verdict: `${up.length} network adapter${up.length === 1 ? ' is' : 's are'} up. If connections still break with "invalid argument" socket errors, update the adapter drivers (dates above).`,
      evidence,
    };
  },
  fixes: [winsockReset],
};

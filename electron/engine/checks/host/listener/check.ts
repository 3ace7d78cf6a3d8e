// host.listener: the RDP-Tcp WinStation is enabled and accepts logons, the server is not draining, and the
// port in PortNumber is in LISTEN state, owned by TermService's svchost rather than another program.
import { z } from 'zod';
import type { Json } from '../../../../../shared/model';
import type { Check, CheckContext, Fix, Judgement } from '../../../types';
import {
  describeRegValue,
  fromRegistry,
  readRegistry,
  readRegistryThen,
  regValueOf,
  writeRegistry,
  type RegRead,
  type RegValue,
  type RegWrite,
} from '../../../ops/registry';
import { controlService, termServiceRestartWarnings } from '../../../ops/services';
import { RDP_TCP_KEY, TS_KEY, TS_POLICY_KEY } from '../../../windows-paths';
import { effectiveDword, regEvidence } from '../ts-policies';

export const ListenerOutput = z.object({
  port: z.number(),
  listening: z.boolean(),
  /** unreadable: why Get-Process could not name the owner (access denied); null when named or since exited. */
  owners: z.array(z.object({ processId: z.number(), processName: z.string().nullable(), unreadable: z.string().nullable().optional() })),
  termServiceProcessId: z.number().nullable(),
  /**
   * The adapter RDP-Tcp is bound to when LanAdapter is not 0 (all adapters): its lanatable GUID and whether a
   * network adapter with that GUID exists. Absent when LanAdapter is 0 or from hosts that did not report it.
   */
  lanAdapter: z
    .object({
      lanaId: z.number(),
      guid: z.string().nullable(),
      present: z.boolean(),
      name: z.string().nullable(),
      /** Why the lanatable could not be read (e.g. "access denied"): then `present` is unknown, not false. */
      unreadable: z.string().nullable().optional(),
      /** Why Win32_NetworkAdapter could not be read: then `present` is unknown, not false. */
      adaptersUnreadable: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  /** Why the listening sockets could not be listed (Get-NetTCPConnection): then `listening` is unknown, not false. */
  socketsUnreadable: z.string().nullable().optional(),
});
export type ListenerOutput = z.infer<typeof ListenerOutput>;

/** `change logon /disable` writes WinStationsDisabled = "1" (REG_SZ) here; `change logon /enable` sets "0". */
export const WINLOGON_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

interface Data {
  port: number;
  enableWinStation: RegRead;
  /** Absent on hosts collected before it was read. */
  winStationsDisabled?: RegRead;
  logonDisabled: RegRead;
  drainMode: RegRead;
  denyLocal: RegRead;
  denyPolicy: RegRead;
  /** Absent on hosts collected before they were read. */
  maxOutstanding?: RegRead;
  lanAdapter?: RegRead;
  socket: ListenerOutput;
}

/**
 * MaxOutstandingConnections caps the connections still pending (connected, not yet logged on). Microsoft KB 954398
 * ("A Windows Server 2008 terminal server stops listening on port 3389 when the server is under stress
 * conditions", support.microsoft.com/kb/954398): with more than 50 pending connections the host stops listening
 * until the count goes down (RemoteConnectionManager event 1006, "large number of incomplete connections"), and the
 * documented workaround is a value larger than 50. So a value of 50 or less is the documented stress case; no
 * Microsoft page names a threshold above that, and RDP Doctor uses none of its own.
 */
const DOCUMENTED_STALL = 50;
const lowOutstanding = (d: Data) => !!d.maxOutstanding && isSet(d.maxOutstanding, (v) => v <= DOCUMENTED_STALL);
/** LanAdapter names a LANA whose network adapter no longer exists: the listener listens nowhere. */
const missingAdapter = (d: Data) =>
  !!d.socket.lanAdapter && !d.socket.lanAdapter.present && !d.socket.lanAdapter.unreadable && !d.socket.lanAdapter.adaptersUnreadable;
const unreadableLana = (d: Data) => d.socket.lanAdapter?.unreadable ?? null;
const unreadableAdapters = (d: Data) => d.socket.lanAdapter?.adaptersUnreadable ?? null;

const isSet = (r: RegRead, bad: (v: number) => boolean) => r.exists && typeof r.data === 'number' && bad(r.data);
const winStationDisabled = (d: Data) => isSet(d.enableWinStation, (v) => v !== 1);
const logonsDisabled = (d: Data) => isSet(d.logonDisabled, (v) => v !== 0);
const draining = (d: Data) => isSet(d.drainMode, (v) => v !== 0);
/** Written by `change logon`, which TermService applies itself: the app names the command rather than edit the value. */
const remoteLogonsDisabled = (d: Data) => !!d.winStationsDisabled?.exists && String(d.winStationsDisabled.data).trim() === '1';
const ownedByTermService = (d: Data) =>
  d.socket.termServiceProcessId !== null && d.socket.owners.some((o) => o.processId === d.socket.termServiceProcessId);

/** The registry values the repair resets; only those that are wrong. */
function repairWrites(d: Data): RegWrite[] {
  const w: RegWrite[] = [];
  if (winStationDisabled(d)) w.push({ key: RDP_TCP_KEY, name: 'fEnableWinStation', value: { type: 'REG_DWORD', data: 1 } });
  if (logonsDisabled(d)) w.push({ key: RDP_TCP_KEY, name: 'fLogonDisabled', value: { type: 'REG_DWORD', data: 0 } });
  if (draining(d)) w.push({ key: TS_KEY, name: 'TSServerDrainMode', value: { type: 'REG_DWORD', data: 0 } });
  // 0 binds RDP-Tcp to every adapter; deleting MaxOutstandingConnections restores Windows' default.
  if (missingAdapter(d)) w.push({ key: RDP_TCP_KEY, name: 'LanAdapter', value: { type: 'REG_DWORD', data: 0 } });
  if (lowOutstanding(d)) w.push({ key: TS_KEY, name: 'MaxOutstandingConnections', value: null });
  return w;
}

interface RepairSnapshot {
  [key: string]: Json;
  items: { key: string; name: string; value: { type: string; data: Json } | null; after?: { type: string; data: Json } | null }[];
  restart: boolean;
}

const repairListener: Fix<Data, RepairSnapshot> = {
  id: 'repair-listener',
  touches: {
    shape: 'registry-values',
    registry: [
      { key: RDP_TCP_KEY, name: 'fEnableWinStation', type: 'REG_DWORD', values: [0, 1] },
      { key: RDP_TCP_KEY, name: 'fLogonDisabled', type: 'REG_DWORD', values: [0, 1] },
      // 0 allow logons, 1 deny new logons until reboot, 2 deny new logons (Remote Desktop Session Host drain mode).
      { key: TS_KEY, name: 'TSServerDrainMode', type: 'REG_DWORD', values: [0, 1, 2] },
      // An adapter index, and a connection count: any DWORD.
      { key: RDP_TCP_KEY, name: 'LanAdapter', type: 'REG_DWORD' },
      { key: TS_KEY, name: 'MaxOutstandingConnections', type: 'REG_DWORD' },
    ],
    restarts: 'TermService',
  },
  title: 'Re-enable the RDP-Tcp listener and restart Remote Desktop Services',
  description:
    'Sets fEnableWinStation to 1, fLogonDisabled and TSServerDrainMode to 0 where they are not, binds RDP-Tcp to all adapters (LanAdapter 0) when its adapter is gone, removes a MaxOutstandingConnections of 50 or less (KB 954398), and restarts TermService when nothing listens on the RDP port, so the listener is created again.',
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: true,
  async snapshot(ctx, data) {
    const writes = repairWrites(data);
    const reads = writes.length > 0 ? await readRegistry(ctx, writes) : [];
    return {
      items: reads.map((r, i) => ({ key: r.key, name: r.name, value: regValueOf(r), after: writes[i]?.value ?? null })),
      restart: !data.socket.listening,
    };
  },
  plan(snapshot, ctx, data) {
    const after = repairWrites(data);
    const changes = snapshot.items.map((item, i) => ({
      what: `${item.key}\\${item.name}`,
      before: describeRegValue(item.value as RegValue | null),
      after: describeRegValue(after[i]?.value ?? null),
    }));
    if (snapshot.restart) changes.push({ what: 'Service TermService', before: 'Running, not listening', after: 'restarted' });
    return { changes, warnings: snapshot.restart ? termServiceRestartWarnings(ctx) : [] };
  },
  async apply(ctx, snapshot, data) {
    const writes = repairWrites(data);
    if (writes.length > 0) await writeRegistry(ctx, writes);
    if (snapshot.restart) await controlService(ctx, 'TermService', 'restart');
  },
  // Only the registry values are put back; restarting TermService again would drop every session a second
  // time and cannot un-restart anything.
  async rollback(ctx, snapshot) {
    if (snapshot.items.length > 0) {
      await writeRegistry(
        ctx,
        snapshot.items.map((i) => ({ key: i.key, name: i.name, value: i.value as RegValue | null })),
      );
    }
  },
};

function judgeListener(d: Data): Judgement {
  const owners = d.socket.owners.map(
    (o) => `${o.processName ?? (o.unreadable ? `process not readable (${o.unreadable})` : 'unknown process')} (PID ${o.processId})`,
  );
  const evidence = [
    { label: 'PortNumber', value: d.port, source: RDP_TCP_KEY },
    {
      label: 'Listening on the port',
      value: d.socket.socketsUnreadable
        ? `could not read (${d.socket.socketsUnreadable})`
        : d.socket.listening
          ? owners.join(', ')
          : 'nothing',
      source: 'Get-NetTCPConnection -State Listen',
    },
    { label: 'TermService process', value: d.socket.termServiceProcessId ?? '(not running)', source: 'Win32_Service' },
    regEvidence('fEnableWinStation', d.enableWinStation, '(not set: 1)'),
    regEvidence('fLogonDisabled', d.logonDisabled, '(not set: 0)'),
    regEvidence('TSServerDrainMode', d.drainMode, '(not set: 0)'),
    ...(d.winStationsDisabled ? [regEvidence('WinStationsDisabled', d.winStationsDisabled, '(not set: 0)')] : []),
    ...(d.maxOutstanding ? [regEvidence('MaxOutstandingConnections', d.maxOutstanding, '(not set: Windows default)')] : []),
    ...(d.lanAdapter ? [regEvidence('LanAdapter', d.lanAdapter, '(not set: 0, all adapters)')] : []),
    ...(d.socket.lanAdapter
      ? [
          {
            label: 'Bound adapter',
            value: d.socket.lanAdapter.unreadable
              ? `LANA ${d.socket.lanAdapter.lanaId}: could not read lanatable (${d.socket.lanAdapter.unreadable})`
              : d.socket.lanAdapter.adaptersUnreadable
                ? `LANA ${d.socket.lanAdapter.lanaId} (${d.socket.lanAdapter.guid}): could not read the network adapters (${d.socket.lanAdapter.adaptersUnreadable})`
                : d.socket.lanAdapter.present
                  ? `${d.socket.lanAdapter.name ?? d.socket.lanAdapter.guid}`
                  : `LANA ${d.socket.lanAdapter.lanaId} (${d.socket.lanAdapter.guid ?? 'no lanatable entry'}): no such adapter`,
            source: `${TS_KEY}\\lanatable`,
          },
        ]
      : []),
  ];
  if (d.socket.listening && !ownedByTermService(d)) {
    return {
      status: 'fail',
      verdict: `Another program holds port ${d.port}: ${owners.join(', ')}. Remote Desktop Services cannot listen there; stop that program or move one of them to another port.`,
      evidence,
      fixes: [],
    };
  }
  if (d.socket.socketsUnreadable) {
    return {
      status: 'warn',
      verdict: `Could not read the listening sockets (Get-NetTCPConnection: ${d.socket.socketsUnreadable}): whether anything listens on port ${d.port} is unknown. Run RDP Doctor as an administrator, or look with "netstat -ano" on the host.`,
      evidence,
      fixes: [],
    };
  }
  if (!d.socket.listening) {
    if (d.socket.termServiceProcessId === null) {
      return {
        status: 'fail',
        verdict: `Nothing listens on port ${d.port} because Remote Desktop Services (TermService) is not running.`,
        evidence,
        related: ['host.service'],
        fixes: [],
      };
    }
    if (effectiveDword(d.denyLocal, d.denyPolicy, 1).value !== 0) {
      return {
        status: 'fail',
        verdict: `Nothing listens on port ${d.port} because Remote Desktop is turned off.`,
        evidence,
        related: ['host.rdp-enabled'],
        fixes: [],
      };
    }
    const why = missingAdapter(d)
      ? ` because RDP-Tcp is bound to network adapter ${d.socket.lanAdapter!.lanaId} (LanAdapter), which no longer exists`
      : winStationDisabled(d)
        ? ' because the RDP-Tcp connection is disabled (fEnableWinStation = 0)'
        : unreadableLana(d)
          ? `; could not read the lanatable key (${unreadableLana(d)}), so whether network adapter ${d.socket.lanAdapter!.lanaId} (LanAdapter) still exists is unknown`
          : unreadableAdapters(d)
            ? `; could not read the network adapters (Win32_NetworkAdapter: ${unreadableAdapters(d)}), so whether network adapter ${d.socket.lanAdapter!.lanaId} (LanAdapter) still exists is unknown`
            : '';
    return {
      status: 'fail',
      verdict: `Remote Desktop Services runs but nothing listens on port ${d.port}${why}.`,
      evidence,
      fixes: ['repair-listener'],
    };
  }
  const refusals = [
    ...(winStationDisabled(d) ? ['the RDP-Tcp connection is disabled (fEnableWinStation)'] : []),
    ...(logonsDisabled(d) ? ['logons are disabled on the RDP-Tcp connection (fLogonDisabled)'] : []),
    ...(draining(d) ? ['the server is draining: new logons are refused (TSServerDrainMode)'] : []),
    ...(remoteLogonsDisabled(d)
      ? ['remote logons were turned off with "change logon /disable" (WinStationsDisabled = 1): run "change logon /enable" on the host']
      : []),
  ];
  if (refusals.length > 0) {
    return {
      status: 'fail',
      verdict: `Port ${d.port} is listening, but ${refusals.join('; ')}.`,
      evidence,
      fixes: repairWrites(d).length > 0 ? ['repair-listener'] : [],
    };
  }
  if (lowOutstanding(d)) {
    const n = d.maxOutstanding!.data as number;
    return {
      status: 'warn',
      verdict: `Port ${d.port} is listening, but MaxOutstandingConnections is ${n}: once ${n} connections are pending (connected, not yet logged on; a port scan or password spray is enough), the host stops listening until they clear (event 1006). Microsoft KB 954398 describes this at ${DOCUMENTED_STALL} pending connections and advises a value larger than ${DOCUMENTED_STALL}; removing the value restores Windows' default.`,
      evidence,
      fixes: ['repair-listener'],
    };
  }
  return { status: 'pass', verdict: `Remote Desktop Services listens on port ${d.port} and accepts logons.`, evidence };
}

export const check: Check<Data> = {
  id: 'host.listener',
  side: 'host',
  layer: 'services',
  rank: 50,
  title: 'The RDP listener is up',
  reads: `fEnableWinStation, fLogonDisabled, PortNumber, LanAdapter (and its lanatable adapter) on ${RDP_TCP_KEY}; MaxOutstandingConnections, TSServerDrainMode under ${TS_KEY}; WinStationsDisabled (change logon) under ${WINLOGON_KEY}; the listening sockets on the port and TermService's process id`,
  passWhen:
    'TermService listens on PortNumber, bound to an adapter that exists, the RDP-Tcp WinStation is enabled, logons are allowed (fLogonDisabled, change logon), the server is not draining and MaxOutstandingConnections is not 50 or less (Microsoft KB 954398: a host stops listening at 50 pending connections; the workaround is a larger value)',
  source: '002; Microsoft: LanAdapter and lanatable, MaxOutstandingConnections (KB 954398, RemoteConnectionManager event 1006)',
  scripts: ['ops/registry-read', 'checks/host/listener/listener'],
  async collect(ctx: CheckContext) {
    // The sockets are looked up on the port (and adapter) the registry names: on a remote host the listener
    // script takes them from the registry read on the host, in the same round trip.
    const [
      [port, enableWinStation, logonDisabled, drainMode, denyLocal, denyPolicy, winStationsDisabled, maxOutstanding, lanAdapter],
      socket,
    ] = await readRegistryThen(
      ctx,
      [
        { key: RDP_TCP_KEY, name: 'PortNumber' },
        { key: RDP_TCP_KEY, name: 'fEnableWinStation' },
        { key: RDP_TCP_KEY, name: 'fLogonDisabled' },
        { key: TS_KEY, name: 'TSServerDrainMode' },
        { key: TS_KEY, name: 'fDenyTSConnections' },
        { key: TS_POLICY_KEY, name: 'fDenyTSConnections' },
        { key: WINLOGON_KEY, name: 'WinStationsDisabled' },
        { key: TS_KEY, name: 'MaxOutstandingConnections' },
        { key: RDP_TCP_KEY, name: 'LanAdapter' },
      ],
      {
        script: 'checks/host/listener/listener',
        input: { port: 3389, lanAdapter: 0 },
        schema: ListenerOutput,
        derive: [fromRegistry(0, ['port'], 'number', 3389), fromRegistry(8, ['lanAdapter'], 'number', 0)],
      },
    );
    const portNumber = port?.exists && typeof port.data === 'number' ? port.data : 3389;
    return {
      port: portNumber,
      enableWinStation: enableWinStation!,
      logonDisabled: logonDisabled!,
      drainMode: drainMode!,
      denyLocal: denyLocal!,
      denyPolicy: denyPolicy!,
      winStationsDisabled: winStationsDisabled!,
      maxOutstanding: maxOutstanding!,
      lanAdapter: lanAdapter!,
      socket,
    };
  },
  judge: judgeListener,
  fixes: [repairListener],
};

// Models of electron/engine/ops/*.ps1, the scripts several checks and fixes share. The scripts of one check
// are modelled in that check's folder (checks/<side>/<name>/sim.ts).
import { readFirewallView, setRuleEnabled } from '../firewall';
import type { SimScriptTable } from '../sim-script';
import { deleteValue, getValue, setValue } from '../registry';
import { REG_TYPES, type RegValue, type WinState } from '../state';
import { restartService, SimError, startService, stopService } from '../world';
import { certificateOps } from './certificates';
import { fileOps } from './files';
import { identityOps } from './identity';
import { hostIdentityOps } from './host-identity';
import { winrmClientOps } from './winrm-client';

/**
 * A read in state.deniedReads fails as the CDXML cmdlets fail without the right: 'Windows System Error 5' with
 * "Access is denied." (never their CmdletizationQuery_NotFound), which the script does not swallow.
 */
function refuseDeniedRead(state: WinState, cmdlet: string): void {
  if (state.deniedReads.some((r) => r.toLowerCase() === cmdlet.toLowerCase()))
    throw new SimError(`${cmdlet}: Access is denied.`, 'CimException');
}

const registryServiceDnsOps: SimScriptTable = {
  'ops/host-info': ({ state }) => ({
    computerName: state.computer.name,
    os: state.computer.caption,
    build: state.computer.build,
    elevated: state.computer.elevated,
    user: state.computer.processUser,
    sessionName: state.computer.sessionName,
  }),

  'ops/registry-read': ({ state }, input: { items: { key: string; name: string }[] }) => ({
    values: input.items.map(({ key, name }) => {
      const v = getValue(state, key, name);
      return v ? { key, name, exists: true, type: v.type, data: v.data } : { key, name, exists: false, type: null, data: null };
    }),
  }),

  'ops/registry-write': ({ state }, input: { items: { key: string; name: string; value: RegValue | null }[] }) => {
    if (!state.computer.elevated && input.items.some((i) => /^HKLM\\/i.test(i.key))) {
      throw new SimError('Requested registry access is not allowed.', 'SecurityException');
    }
    for (const item of input.items) {
      if (item.value === null) deleteValue(state, item.key, item.name);
      else {
        if (!(REG_TYPES as readonly string[]).includes(item.value.type)) throw new SimError(`unsupported registry type ${item.value.type}`);
        setValue(state, item.key, item.name, item.value);
      }
    }
    return { written: input.items.length };
  },

  'ops/service-control': ({ state, now }, input: { name: string; action: string; startType?: string }) => {
    if (!state.computer.elevated)
      throw new SimError(`Service '${input.name}' cannot be controlled: access is denied.`, 'ServiceCommandException');
    const svc = state.services[input.name];
    if (!svc) throw new SimError(`Cannot find any service with service name '${input.name}'.`, 'ServiceCommandException');
    // A service that hangs on stop goes to StopPending and stays; the script reports it stuck and starts nothing.
    const hangs = (input.action === 'stop' || input.action === 'restart') && svc.hangsOnStop;
    if (hangs) {
      for (const [other, s] of Object.entries(state.services))
        if (s.dependsOn.includes(input.name) && s.status === 'Running') stopService(state, other);
      svc.status = 'StopPending';
    } else if (input.action === 'start') startService(state, input.name, now());
    else if (input.action === 'stop') stopService(state, input.name);
    else if (input.action === 'restart') restartService(state, input.name, now());
    else if (input.action === 'set-start-type') {
      if (input.startType !== 'Automatic' && input.startType !== 'Manual' && input.startType !== 'Disabled') {
        throw new SimError(`invalid start type ${input.startType}`);
      }
      svc.startType = input.startType;
    } else throw new SimError(`unknown action: ${input.action}`);
    return { name: input.name, status: svc.status, startType: svc.startType, stuck: hangs, processId: svc.processId };
  },

  // Register-ScheduledTask / Unregister-ScheduledTask under \\RDP Doctor\\ (ops/revert-task.ps1): registering
  // one needs administrator rights, and the same entry's task is replaced, never doubled.
  'ops/revert-task': ({ state }, input: { action: string; entryId: string; at?: string }) => {
    if (!/^\d{8}T\d{6}Z-[0-9a-f]{8}$/.test(String(input.entryId))) throw new SimError(`not a journal entry id: ${String(input.entryId)}`);
    refuseDeniedRead(state, 'Get-ScheduledTask');
    if (!state.computer.elevated) throw new SimError('Access is denied.', 'CimException');
    const name = `\\RDP Doctor\\Revert ${input.entryId}`;
    const others = state.scheduledTasks.filter((t) => t.entryId !== input.entryId);
    if (input.action === 'unregister') {
      const removed = state.scheduledTasks.length - others.length;
      state.scheduledTasks = others;
      return { name, registered: false, removed };
    }
    if (input.action !== 'register' || typeof input.at !== 'string' || Number.isNaN(Date.parse(input.at)))
      throw new SimError('expected action register with an ISO time at');
    const at = new Date(input.at);
    // revert-task.ps1 sets the trigger's EndBoundary 365 days after its time.
    const endBoundary = new Date(at.getTime() + 365 * 86_400_000).toISOString();
    state.scheduledTasks = [...others, { name, entryId: input.entryId, at: at.toISOString(), runAs: 'SYSTEM', endBoundary }];
    return { name, registered: true, removed: 0 };
  },

  'ops/dns-cache': ({ state }, input: { action: string }) => {
    if (input.action !== 'count' && input.action !== 'flush') throw new SimError(`unknown action: ${input.action}`);
    refuseDeniedRead(state, 'Get-DnsClientCache');
    const names = Object.keys(state.dnsCache).sort();
    const entries = Object.values(state.dnsCache).reduce((n, a) => n + a.length, 0);
    if (input.action === 'flush') {
      // Register-DnsClient needs administrator rights; Clear-DnsClientCache alone would not.
      if (!state.computer.elevated) throw new SimError('Access is denied.', 'CimException');
      state.dnsCache = {};
    }
    return { entries, names: names.slice(0, 50), flushed: input.action === 'flush', registered: input.action === 'flush' };
  },
};

const firewallOps: SimScriptTable = {
  'ops/firewall-rules-read': ({ state }, input: { names?: string[]; group?: string | null; port: number }) => {
    for (const read of ['Get-NetFirewallProfile', 'Get-NetConnectionProfile', 'Get-NetFirewallRule', 'Get-NetFirewallPortFilter'])
      refuseDeniedRead(state, read);
    return readFirewallView(state, { names: input.names ?? [], group: input.group ?? null, port: input.port });
  },

  'ops/firewall-rules-set': ({ state }, input: { rules: { name: string; enabled: boolean }[] }) => {
    if (!state.computer.elevated) throw new SimError('Access is denied.', 'CimException');
    return { rules: input.rules.map((r) => setRuleEnabled(state, r.name, r.enabled)) };
  },
};

export const opsModels: SimScriptTable = {
  ...registryServiceDnsOps,
  ...firewallOps,
  ...certificateOps,
  ...fileOps,
  ...identityOps,
  ...hostIdentityOps,
  ...winrmClientOps,
};

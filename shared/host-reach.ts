// Which host was diagnosed or changed, and how RDP Doctor reached it, in the words the UI, History and the
// report use alike: the name the technician typed, the machine SID or Azure VM id that proves which machine it
// was (issue 13: the journal is keyed by both), and the path (this PC, PowerShell Remoting, Azure Run Command).
import type { HostInfo, JournalEntry } from './model';

export type Via = NonNullable<HostInfo['remote']>['via'];

export const VIA_WORDS: Record<Via, string> = {
  'winrm-http': 'PowerShell Remoting (WinRM, HTTP 5985)',
  'winrm-https': 'PowerShell Remoting (WinRM, HTTPS 5986)',
  'azure-run-command': 'Azure Run Command',
  'simulated-winrm': 'PowerShell Remoting (simulated WinRM link)',
};

export interface HostReach {
  /** What to call the host in a headline: "pc-042", the VM's name, or "this PC". */
  name: string;
  /** How it was reached, in words. */
  via: string;
  /** "machine SID S-1-5-21-…" or "VM id …", when the host proved who it is. */
  identity: string | null;
}

/** The last segment of an Azure resource id (…/virtualMachines/NAME), or the text itself. */
function shortName(name: string): string {
  const m = /\/virtualMachines\/([^/]+)\/?$/i.exec(name);
  return m ? m[1]! : name;
}

function identityWords(machineSid: string | null, vmId: string | null): string | null {
  if (machineSid) return `machine SID ${machineSid}`;
  if (vmId) return `VM id ${vmId}`;
  return null;
}

type ReachSource = Pick<HostInfo, 'kind' | 'computerName' | 'scenario' | 'remote'>;

export function hostReach(host: ReachSource): HostReach {
  if (host.remote) {
    return {
      name: shortName(host.remote.name),
      via: VIA_WORDS[host.remote.via],
      identity: identityWords(host.remote.machineSid, host.remote.vmId),
    };
  }
  return {
    name: 'this PC',
    via:
      host.kind === 'simulated'
        ? `this PC, simulated (scenario ${host.scenario ?? 'custom'})`
        : host.kind === 'powershell'
          ? 'this PC (local PowerShell)'
          : 'this PC',
    identity: null,
  };
}

/** The host in a headline: its own computer name, after the name it was reached by when that differs ("pc-042 (WS-ACCT-042)"). */
export function hostHeadline(host: ReachSource): string {
  if (!host.remote) return host.computerName;
  const name = hostReach(host).name;
  return name.toLowerCase() === host.computerName.toLowerCase() ? name : `${name} (${host.computerName})`;
}

/** One line: "pc-042 (machine SID S-1-5-21-…), reached over PowerShell Remoting (WinRM, HTTP 5985)". */
export function reachLine(host: ReachSource): string {
  const r = hostReach(host);
  if (!host.remote) return `${host.computerName}: ${r.via}`;
  return `${r.name}${r.identity ? ` (${r.identity})` : ''}, reached over ${r.via}`;
}

/** The host a journal entry was made on, from what the journal recorded (name|SID or name|vm:id for a remote host). */
export function entryHostLine(host: JournalEntry['host']): string {
  if (host.kind === 'powershell') return 'this PC (local PowerShell)';
  if (host.kind === 'simulated') return `this PC, simulated (scenario ${host.scenario ?? 'custom'})`;
  const [name = 'a remote host', id = ''] = (host.identity ?? '').split('|');
  const identity = id.startsWith('vm:') ? identityWords(null, id.slice(3) || null) : identityWords(id || null, null);
  const via = host.via ? ` over ${VIA_WORDS[host.via]}` : '';
  return `${shortName(name)}${identity ? ` (${identity})` : ''}${via}`;
}

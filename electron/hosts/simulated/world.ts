// What Windows does by itself when the engine pokes it: services that depend on each other, TermService
// creating its self-signed certificate at start when it has none it can use, the listener that exists only
// while TermService runs. Fixes act on state through these, so the simulator models causes, not answers.
import { createHash } from 'node:crypto';
import { getDword } from './registry';
import { MACHINEKEYS_DIR, RDP_TCP_KEY, TS_KEY, TS_POLICY_KEY, type Certificate, type EventRecord, type WinState } from './state';

export class SimError extends Error {
  constructor(
    message: string,
    readonly type = 'SimulatedError',
  ) {
    super(message);
    this.name = 'SimError';
  }
}

const DAY = 86_400_000;

/**
 * A new certificate's thumbprint, derived from the time and every thumbprint the host already has: fresh each
 * time, deterministic for the same state, and without a counter that a rollback could not wind back.
 */
export function thumbprintFor(state: WinState, now: Date): string {
  const existing = Object.values(state.certificates)
    .flatMap((store) => Object.keys(store))
    .sort();
  let thumbprint = '';
  for (let salt = 0; thumbprint === '' || existing.includes(thumbprint); salt++) {
    thumbprint = createHash('sha1')
      .update(`${state.computer.name}:rdp-selfsigned:${now.toISOString()}:${existing.join(',')}:${salt}`)
      .digest('hex')
      .toUpperCase();
  }
  return thumbprint;
}

export function addEvent(state: WinState, now: Date, e: Omit<EventRecord, 'time'>): void {
  state.events.push({ ...e, time: now.toISOString() });
}

/** The events of the last `days` days that `pick` accepts, oldest first (Get-WinEvent -FilterHashtable StartTime). */
export function recentEvents(state: WinState, now: Date, days: number, pick: (e: EventRecord) => boolean): EventRecord[] {
  const since = now.getTime() - days * DAY;
  return state.events.filter((e) => pick(e) && Date.parse(e.time) >= since).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** NETWORK SERVICE runs TermService and must read the certificate's key file (KB 278381 defaults). */
export function networkServiceCanReadKeys(state: WinState): boolean {
  const dir = state.files[MACHINEKEYS_DIR];
  if (!dir) return false;
  const deny = dir.acl.some((a) => a.type === 'Deny' && /^(Everyone|NT AUTHORITY\\NETWORK SERVICE)$/i.test(a.identity));
  if (deny) return false;
  return dir.acl.some((a) => a.type === 'Allow' && /^(Everyone|NT AUTHORITY\\NETWORK SERVICE)$/i.test(a.identity));
}

export function usableSelfSigned(state: WinState, now: Date): [string, Certificate] | undefined {
  const store = state.certificates['Remote Desktop'] ?? {};
  return Object.entries(store).find(([, c]) => c.hasPrivateKey && Date.parse(c.notAfter) > now.getTime());
}

/** KB 278381 defaults: what Windows gives MachineKeys when it has to create the folder (after a rename aside). */
export function ensureMachineKeysDir(state: WinState): void {
  if (state.files[MACHINEKEYS_DIR]) return;
  state.files[MACHINEKEYS_DIR] = {
    kind: 'dir',
    owner: 'BUILTIN\\Administrators',
    acl: [
      {
        identity: 'Everyone',
        rights:
          'ReadData, ReadAttributes, ReadExtendedAttributes, CreateFiles, AppendData, WriteAttributes, WriteExtendedAttributes, ReadPermissions (this folder only)',
        type: 'Allow',
        inherited: false,
      },
      { identity: 'BUILTIN\\Administrators', rights: 'FullControl (this folder only)', type: 'Allow', inherited: false },
    ],
  };
}

/** TermService at start: makes a new self-signed certificate when it has no usable one (RCM 1057 otherwise). */
export function ensureRdpCertificate(state: WinState, now: Date): void {
  if (usableSelfSigned(state, now)) return;
  ensureMachineKeysDir(state);
  if (!networkServiceCanReadKeys(state)) {
    addEvent(state, now, {
      log: 'System',
      provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
      id: 1057,
      level: 'Error',
      message:
        'The RD Session Host Server has failed to create a new self signed certificate to be used for RD Session Host Server authentication on SSL connections. The relevant status code was Access is denied.',
    });
    addEvent(state, now, {
      log: 'System',
      provider: 'Schannel',
      id: 36870,
      level: 'Error',
      message:
        'A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D.',
    });
    return;
  }
  const thumbprint = thumbprintFor(state, now);
  const keyFile = `${thumbprint.slice(0, 32).toLowerCase()}_${thumbprint.slice(32).toLowerCase()}-rdp`;
  (state.certificates['Remote Desktop'] ??= {})[thumbprint] = {
    subject: `CN=${state.computer.name}`,
    issuer: `CN=${state.computer.name}`,
    notBefore: new Date(now.getTime() - 60_000).toISOString(),
    notAfter: new Date(now.getTime() + 180 * DAY).toISOString(),
    hasPrivateKey: true,
    keyFile,
    enhancedKeyUsage: ['Server Authentication'],
  };
  state.files[`${MACHINEKEYS_DIR}\\${keyFile}`] = {
    kind: 'file',
    owner: 'NT AUTHORITY\\SYSTEM',
    acl: [
      { identity: 'NT AUTHORITY\\SYSTEM', rights: 'FullControl', type: 'Allow', inherited: false },
      { identity: 'BUILTIN\\Administrators', rights: 'FullControl', type: 'Allow', inherited: false },
      { identity: 'NT AUTHORITY\\NETWORK SERVICE', rights: 'Read', type: 'Allow', inherited: false },
    ],
  };
}

export function startService(state: WinState, name: string, now: Date): void {
  const svc = state.services[name];
  if (!svc) throw new SimError(`Cannot find any service with service name '${name}'.`, 'ServiceCommandException');
  if (svc.startType === 'Disabled') {
    throw new SimError(`Service '${svc.displayName} (${name})' cannot be started because it is disabled.`, 'ServiceCommandException');
  }
  for (const dep of svc.dependsOn) if (state.services[dep]?.status !== 'Running') startService(state, dep, now);
  if (svc.status !== 'Running') {
    svc.status = 'Running';
    if (name === 'TermService') ensureRdpCertificate(state, now);
  }
}

export function stopService(state: WinState, name: string): void {
  const svc = state.services[name];
  if (!svc) throw new SimError(`Cannot find any service with service name '${name}'.`, 'ServiceCommandException');
  for (const [other, s] of Object.entries(state.services)) {
    if (s.dependsOn.includes(name) && s.status === 'Running') stopService(state, other);
  }
  svc.status = 'Stopped';
}

export function restartService(state: WinState, name: string, now: Date): void {
  const dependents = Object.entries(state.services)
    .filter(([, s]) => s.dependsOn.includes(name) && s.status === 'Running')
    .map(([n]) => n);
  stopService(state, name);
  startService(state, name, now);
  for (const d of dependents) startService(state, d, now);
}

export interface ListenerView {
  port: number;
  listening: boolean;
  owner: string | null;
}

/** The RDP listener exists while TermService runs with the WinStation enabled and no other owner of the port. */
export function rdpListener(state: WinState): ListenerView {
  const port = getDword(state, RDP_TCP_KEY, 'PortNumber') ?? 3389;
  const squatter = state.otherListeners[String(port)];
  if (squatter) return { port, listening: true, owner: squatter.process };
  const running = state.services.TermService?.status === 'Running';
  const enabled = (getDword(state, RDP_TCP_KEY, 'fEnableWinStation') ?? 1) === 1;
  // The Group Policy value, when present, wins over the local one (as TermService applies it).
  const denied = (getDword(state, TS_POLICY_KEY, 'fDenyTSConnections') ?? getDword(state, TS_KEY, 'fDenyTSConnections') ?? 1) === 1;
  // RDP-Tcp bound (LanAdapter) to an adapter that is gone listens on no address at all.
  const lana = getDword(state, RDP_TCP_KEY, 'LanAdapter') ?? 0;
  const bound = lana === 0 || boundAdapter(state, lana).present;
  if (running && enabled && !denied && bound) return { port, listening: true, owner: 'svchost.exe (TermService)' };
  return { port, listening: false, owner: null };
}

/** The adapter a LanAdapter number names: Terminal Server's lanatable maps LanaId to an adapter GUID. */
export function boundAdapter(
  state: WinState,
  lanaId: number,
): { lanaId: number; guid: string | null; present: boolean; name: string | null } {
  const prefix = `${TS_KEY}\\lanatable\\`.toLowerCase();
  const entry = Object.entries(state.registry).find(
    ([key, values]) => key.toLowerCase().startsWith(prefix) && values.LanaId?.data === lanaId,
  );
  const guid = entry ? entry[0].slice(prefix.length) : null;
  const adapter = guid ? Object.entries(state.adapters).find(([, a]) => a.interfaceGuid?.toLowerCase() === guid.toLowerCase()) : undefined;
  return { lanaId, guid, present: Boolean(adapter), name: adapter ? adapter[0] : null };
}

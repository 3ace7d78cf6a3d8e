// What each fix may touch, and the check that a snapshot stays inside it. A journal entry is a file: a planted
// or edited one must not turn rollback into "write any registry value", "icacls /restore on any folder" or
// "reg import any file". So every fix declares, as data, the registry values, firewall rule Names, services,
// folders and certificate store it may change; apply and rollback parse the whole snapshot with the exact
// schema of the fix's shape and refuse before anything changes when one item falls outside the declaration.
// What the technician is shown (`changes`) is derived from the snapshot here, never stored as free text.
import path from 'node:path';
import { z } from 'zod';
import type { Change, Json, JournalOutcome } from '../../shared/model';
import { RegValue, describeRegValue, type RegRef } from './ops/registry';

/**
 * A registry value a fix may write and its rollback may restore: the type and the data Windows documents for
 * it. A key and name alone would let an edited entry restore "REG_SZ pwned" or turn NLA off in a rollback.
 */
export interface RegTouch extends RegRef {
  type: RegValue['type'];
  /** The DWORD data the value may hold; absent: any data of its type that `pattern` (strings, hex) accepts. */
  values?: readonly number[];
  pattern?: RegExp;
  /** Data that lowers security: a rollback putting it back is a downgrade and is confirmed like one. */
  lowering?: readonly number[];
}

export type Touches =
  | { shape: 'registry-values'; registry: RegTouch[]; restarts?: string }
  | { shape: 'service-states'; services: string[] }
  | { shape: 'firewall-rules'; firewallRules: string[] }
  | { shape: 'acl-saves'; under: string[] }
  | { shape: 'rename-aside'; path: string; certificateStore: string }
  | { shape: 'history-export'; key: string }
  | { shape: 'certificate-renewal'; certificateStore: string; services: string[] }
  | { shape: 'credential-deletion'; targetPrefix: string }
  | { shape: 'winsock-reset' }
  | { shape: 'dns-flush' }
  | { shape: 'group-membership'; group: string }
  | { shape: 'session-logoff' };

/** Where the check runs: the journal folder is the only place a rollback may read a file from. */
interface TouchEnv {
  journalDir: string;
}

const RegItem = z.object({ key: z.string(), name: z.string(), value: RegValue.nullable(), after: RegValue.nullable().optional() }).strict();
const NamedValue = RegValue.extend({ name: z.string() }).strict();
const Thumbprint = z.string().regex(/^[0-9A-F]{40}$/i);

/**
 * A service's state as Get-Service prints it in Windows PowerShell 5.1: Status is a ServiceControllerStatus
 * (https://learn.microsoft.com/dotnet/api/system.serviceprocess.servicecontrollerstatus) and StartType a
 * ServiceStartMode (https://learn.microsoft.com/dotnet/api/system.serviceprocess.servicestartmode), whose Boot
 * and System are valid only for device drivers, never for the Win32 services a fix may start.
 */
const SERVICE_STATUS = ['Stopped', 'StartPending', 'StopPending', 'Running', 'ContinuePending', 'PausePending', 'Paused'] as const;
const SERVICE_START_TYPE = ['Automatic', 'Manual', 'Disabled'] as const;
const ServiceState = z.object({ name: z.string(), status: z.enum(SERVICE_STATUS), startType: z.enum(SERVICE_START_TYPE) }).strict();

const SCHEMAS = {
  'registry-values': z.object({ items: z.array(RegItem), restart: z.boolean().optional() }).strict(),
  'service-states': z.object({ services: z.array(ServiceState) }).strict(),
  'firewall-rules': z.object({ rules: z.array(z.object({ name: z.string(), enabled: z.boolean() }).strict()) }).strict(),
  'acl-saves': z
    .object({
      saves: z.array(
        z
          .object({
            path: z.string(),
            saveFile: z.string(),
            saveSha256: z.string().regex(/^[0-9A-Fa-f]{64}$/),
            ownersFile: z.string(),
            ownersSha256: z.string().regex(/^[0-9A-Fa-f]{64}$/),
            items: z.number(),
            unreadableCount: z.number(),
            unreadable: z.array(z.object({ path: z.string(), error: z.string() }).strict()),
          })
          .strict(),
      ),
    })
    .strict(),
  'rename-aside': z.object({ path: z.string(), asideName: z.string(), rdpThumbprints: z.array(Thumbprint) }).strict(),
  'history-export': z
    .object({
      files: z.array(z.string()),
      servers: z.array(z.object({ server: z.string(), values: z.array(NamedValue) }).strict()),
      mru: z.array(NamedValue),
    })
    .strict(),
  'certificate-renewal': z
    .object({
      store: z.string(),
      deleted: z.array(z.object({ thumbprint: Thumbprint }).passthrough()),
      previousThumbprints: z.array(Thumbprint),
    })
    .strict(),
  'credential-deletion': z
    .object({
      credentials: z.array(
        z
          .object({ target: z.string(), user: z.string().nullable(), type: z.string().nullable(), lastWritten: z.string().nullable() })
          .strict(),
      ),
    })
    .strict(),
  'winsock-reset': z
    .object({ adapters: z.array(z.object({ name: z.string(), status: z.string(), ipv4: z.array(z.string()) }).strict()) })
    .strict(),
  'dns-flush': z.object({ entries: z.number(), names: z.array(z.string()), flushed: z.boolean(), registered: z.boolean() }).strict(),
  'group-membership': z.object({ accounts: z.array(z.object({ sid: z.string(), name: z.string().nullable() }).strict()) }).strict(),
  // Session 0 is where services run (never an RDP session); a log-off names one interactive session and its user.
  'session-logoff': z
    .object({
      sessionId: z.number().int().min(1).max(65535),
      user: z.string().min(1),
      station: z.string(),
      disconnectedAt: z.string().nullable(),
    })
    .strict(),
} satisfies Record<Touches['shape'], z.ZodTypeAny>;

type SnapshotOf<S extends Touches['shape']> = z.infer<(typeof SCHEMAS)[S]>;

const lower = (s: string) => s.toLowerCase();
const sameName = (a: string, b: string) => lower(a) === lower(b);

/** A Windows path with no tricks: absolute, backslashes only, no "." or ".." segment, no device or stream syntax. */
function plainWindowsPath(p: string): boolean {
  // eslint-disable-next-line no-control-regex -- a Windows path may not contain control characters; this is the check
  if (!/^[A-Za-z]:\\/.test(p) || p.includes('/') || /[<>"|?*\x00-\x1f]/.test(p) || p.indexOf(':', 2) !== -1) return false;
  return p
    .slice(3)
    .split('\\')
    .every((seg) => seg !== '' && seg !== '.' && seg !== '..' && !/[. ]$/.test(seg));
}

function inside(p: string, root: string): boolean {
  return plainWindowsPath(p) && (sameName(p, root) || lower(p).startsWith(`${lower(root)}\\`));
}

/** A file a rollback may read: inside the journal folder of this machine, nowhere else. */
function inJournal(file: string, env: TouchEnv): boolean {
  const resolved = path.resolve(env.journalDir, file);
  const rel = path.relative(path.resolve(env.journalDir), resolved);
  return path.isAbsolute(file) && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * An account a fix may put into (or take out of) a local group: a user or group of a domain or of the machine
 * (S-1-5-21-…) or of Microsoft Entra ID (S-1-12-1-…), never a well-known SID such as Everyone (S-1-1-0) or
 * Authenticated Users (S-1-5-11), which would open the host to everyone.
 * https://learn.microsoft.com/windows-server/identity/ad-ds/manage/understand-security-identifiers
 */
const accountSid = (sid: string) => /^S-1-5-21-\d+-\d+-\d+-\d+$/.test(sid) || /^S-1-12-1-\d+-\d+-\d+-\d+$/.test(sid);

/** A registry subkey name as mstsc writes server names: a host name or address, never a path. */
const serverName = (s: string) => /^[A-Za-z0-9._:[\]-]{1,255}$/.test(s) && !s.includes('..');

const refOf = (registry: RegTouch[], i: { key: string; name: string }) =>
  registry.find((r) => sameName(r.key, i.key) && sameName(r.name, i.name));

const DWORD_MAX = 0xffffffff;

/** Whether a value (null: absent) is one the declaration allows for this registry value. */
function allowedValue(ref: RegTouch, v: RegValue | null | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (v.type !== ref.type) return false;
  if (ref.values) return typeof v.data === 'number' && ref.values.includes(v.data);
  if (ref.type === 'REG_DWORD') return typeof v.data === 'number' && Number.isInteger(v.data) && v.data >= 0 && v.data <= DWORD_MAX;
  return typeof v.data === 'string' && (ref.pattern?.test(v.data) ?? false);
}

function registryOutside(touches: Extract<Touches, { shape: 'registry-values' }>, s: SnapshotOf<'registry-values'>): string[] {
  const bad: string[] = [];
  for (const i of s.items) {
    // A value may be declared once per type it can hold (a broken binding: REG_BINARY, or the REG_SZ someone wrote).
    const refs = touches.registry.filter((r) => sameName(r.key, i.key) && sameName(r.name, i.name));
    const ref = refs[0];
    if (!ref) bad.push(`registry value ${i.key}\\${i.name}`);
    else if (!refs.some((r) => allowedValue(r, i.value)) || !refs.some((r) => allowedValue(r, i.after)))
      bad.push(
        `registry value ${i.key}\\${i.name} = ${JSON.stringify(i.value ?? i.after)} (this fix writes only ${ref.type}${ref.values ? ` ${ref.values.join(' or ')}` : ''})`,
      );
  }
  if (s.restart && !touches.restarts) bad.push('a service restart');
  return bad;
}

/**
 * Rollback writes the history values back from the snapshot (never `reg import`): only the values mstsc keeps
 * there, with their own types. The .reg exports are the technician's backup and must lie in the journal folder.
 */
function historyOutside(key: string, s: SnapshotOf<'history-export'>, env: TouchEnv): string[] {
  const serverValue = (v: { name: string; type: string; data: Json }) =>
    (v.name === 'UsernameHint' && v.type === 'REG_SZ' && typeof v.data === 'string' && v.data.length <= 512) ||
    (v.name === 'CertHash' && v.type === 'REG_BINARY' && typeof v.data === 'string' && /^(?:[0-9A-F]{2}){1,64}$/i.test(v.data));
  const mruValue = (m: { name: string; type: string; data: Json }) =>
    /^MRU[0-9]$/.test(m.name) && m.type === 'REG_SZ' && typeof m.data === 'string' && m.data.length <= 512;
  return [
    ...s.files.filter((f) => !inJournal(f, env)).map((f) => `file ${f} (exports are kept only in the journal folder ${env.journalDir})`),
    ...s.servers.filter((x) => !serverName(x.server)).map((x) => `registry key ${key}\\Servers\\${x.server}`),
    ...s.servers.flatMap((x) =>
      x.values.filter((v) => !serverValue(v)).map((v) => `registry value ${key}\\Servers\\${x.server}\\${v.name} (${v.type})`),
    ),
    ...s.mru.filter((m) => !mruValue(m)).map((m) => `registry value ${key}\\Default\\${m.name} (${m.type})`),
  ];
}

/** A service the fix starts: stopped (or paused, or on its way), or Disabled; rollback stops and disables only these. */
const neededStart = (x: { status: string; startType: string }) => x.status !== 'Running' || x.startType === 'Disabled';

/**
 * The services a snapshot names, each once, in a state the fix can have found and changed: the fix is offered
 * only while some service needs starting and none is stuck in StopPending (host.service offers no fix then:
 * the service cannot be started until it has stopped), so a snapshot claiming otherwise was not written by it.
 */
function servicesOutside(declared: string[], s: SnapshotOf<'service-states'>): string[] {
  const bad = s.services.filter((x) => !declared.some((n) => sameName(n, x.name))).map((x) => `service ${x.name}`);
  const names = s.services.map((x) => lower(x.name));
  bad.push(...s.services.filter((x, i) => names.indexOf(lower(x.name)) !== i).map((x) => `service ${x.name} listed twice`));
  bad.push(
    ...s.services
      .filter((x) => x.status === 'StopPending')
      .map((x) => `service ${x.name} as StopPending (this fix is never offered while a service is stuck stopping)`),
  );
  if (s.services.length > 0 && !s.services.some(neededStart)) bad.push('a service state that needed no start (this fix had nothing to do)');
  return bad;
}

function outsideOf(touches: Touches, snapshot: Json, env: TouchEnv): string[] {
  switch (touches.shape) {
    case 'registry-values':
      return registryOutside(touches, snapshot as SnapshotOf<'registry-values'>);
    case 'service-states':
      return servicesOutside(touches.services, snapshot as SnapshotOf<'service-states'>);
    case 'firewall-rules':
      return (snapshot as SnapshotOf<'firewall-rules'>).rules
        .filter((r) => !touches.firewallRules.includes(r.name))
        .map((r) => `firewall rule ${r.name}`);
    case 'acl-saves': {
      const ok = (p: string) => touches.under.some((root) => inside(p, root));
      const bad: string[] = [];
      for (const save of (snapshot as SnapshotOf<'acl-saves'>).saves) {
        if (!ok(save.path)) bad.push(`the ACL of ${save.path}`);
        // The icacls save and owners files are read back as administrator: only from this machine's journal folder.
        for (const f of [save.saveFile, save.ownersFile])
          if (!inJournal(f, env)) bad.push(`file ${f} (ACL saves are read only from the journal folder ${env.journalDir})`);
      }
      return bad;
    }
    case 'rename-aside': {
      const s = snapshot as SnapshotOf<'rename-aside'>;
      const bad: string[] = [];
      if (!sameName(s.path, touches.path) || !plainWindowsPath(s.path)) bad.push(`folder ${s.path}`);
      const leaf = touches.path.slice(touches.path.lastIndexOf('\\') + 1);
      if (!new RegExp(`^${leaf}\\.rdpdoctor-\\d{8}T\\d{6}Z$`, 'i').test(s.asideName)) bad.push(`aside name ${s.asideName}`);
      return bad;
    }
    case 'history-export':
      return historyOutside(touches.key, snapshot as SnapshotOf<'history-export'>, env);
    case 'certificate-renewal': {
      const s = snapshot as SnapshotOf<'certificate-renewal'>;
      return s.store === touches.certificateStore ? [] : [`certificate store ${s.store}`];
    }
    case 'credential-deletion':
      return (snapshot as SnapshotOf<'credential-deletion'>).credentials
        .filter((c) => !lower(c.target).startsWith(lower(touches.targetPrefix)))
        .map((c) => `saved credential ${c.target}`);
    case 'group-membership':
      return (snapshot as SnapshotOf<'group-membership'>).accounts
        .filter((a) => !accountSid(a.sid))
        .map((a) => `membership of ${a.sid} in group ${touches.group}`);
    case 'winsock-reset':
    case 'dns-flush':
    case 'session-logoff':
      return [];
  }
}

interface SnapshotVerdict {
  ok: boolean;
  /** What is wrong, for the error message: the shape, or each item outside the declaration. */
  problems: string[];
}

/** Checks the whole snapshot: its exact shape for the fix, then every item against the declaration. */
export function checkSnapshot(touches: Touches, snapshot: Json, env: TouchEnv): SnapshotVerdict {
  const parsed = SCHEMAS[touches.shape].safeParse(snapshot);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problems: [
        `the snapshot is not what this fix writes (${issue ? `${issue.path.join('.') || 'snapshot'}: ${issue.message}` : 'shape'})`,
      ],
    };
  }
  const problems = outsideOf(touches, parsed.data as Json, env);
  return { ok: problems.length === 0, problems };
}

/**
 * What a rollback of this snapshot would put back that lowers security (NLA off, the RDP Security Layer, the
 * vulnerable CredSSP oracle), in words; empty when nothing. Such a rollback is a downgrade and is confirmed.
 */
export function restoredDowngrades(touches: Touches, snapshot: Json): string[] {
  if (touches.shape !== 'registry-values') return [];
  const parsed = SCHEMAS['registry-values'].safeParse(snapshot);
  if (!parsed.success) return [];
  return parsed.data.items.flatMap((i) => {
    const ref = refOf(touches.registry, i);
    const data = i.value?.data;
    return ref?.lowering && typeof data === 'number' && ref.lowering.includes(data) ? [`${i.key}\\${i.name} = ${data}`] : [];
  });
}

/** The firewall rule that lets Remote Desktop in over TCP (UDP alone carries no session). */
const RDP_TCP_RULE = 'RemoteDesktop-UserMode-In-TCP';

/**
 * What a rollback of this snapshot would put back that ends Remote Desktop access to the host, in words; empty
 * when nothing: TermService stopped, fDenyTSConnections = 1 (absent means 1), the RDP TCP firewall rule disabled.
 */
export function restoredCutOffs(touches: Touches, snapshot: Json): string[] {
  const parsed = SCHEMAS[touches.shape].safeParse(snapshot);
  if (!parsed.success) return [];
  switch (touches.shape) {
    case 'service-states':
      return (parsed.data as SnapshotOf<'service-states'>).services
        .filter((x) => sameName(x.name, 'TermService') && x.status !== 'Running')
        .map(() => 'stops TermService (Remote Desktop Services), which ends every Remote Desktop session on this host now');
    case 'registry-values':
      return (
        (parsed.data as SnapshotOf<'registry-values'>).items
          // Absent under the policy key means "no policy"; absent under the local key means 1 (Windows' default).
          .filter((i) => sameName(i.name, 'fDenyTSConnections') && (i.value === null ? !/\\Policies\\/i.test(i.key) : i.value.data === 1))
          .map((i) => `turns Remote Desktop off (${i.key}\\${i.name} = ${i.value === null ? 'absent, which means 1' : 1})`)
      );
    case 'firewall-rules':
      return (parsed.data as SnapshotOf<'firewall-rules'>).rules
        .filter((r) => r.name === RDP_TCP_RULE && !r.enabled)
        .map((r) => `disables the firewall rule ${r.name}, so the firewall drops Remote Desktop connections`);
    default:
      return [];
  }
}

const valueText = (v: { type: string; data: Json } | null | undefined) =>
  describeRegValue((v ?? null) as Parameters<typeof describeRegValue>[0]);

type TouchesOf<S extends Touches['shape']> = Extract<Touches, { shape: S }>;
type Describer<S extends Touches['shape']> = (s: SnapshotOf<S>, touches: TouchesOf<S>, outcome: JournalOutcome | null) => Change[];

/** Per shape: the changes its snapshot stands for (`before` is what rollback would put back). */
const DESCRIBE: { [S in Touches['shape']]: Describer<S> } = {
  'registry-values': (r, touches) => {
    const changes: Change[] = r.items.map((i) => ({
      what: `${i.key}\\${i.name}`,
      before: valueText(i.value),
      after: i.after === undefined ? '(changed by the fix)' : valueText(i.after),
    }));
    if (r.restart && touches.restarts)
      changes.push({ what: `Service ${touches.restarts}`, before: 'Running, not listening', after: 'restarted' });
    return changes;
  },
  'service-states': (s) =>
    s.services.filter(neededStart).map((x) => ({
      what: `Service ${x.name}`,
      before: `${x.status}, start type ${x.startType}`,
      after: `Running, start type ${x.startType === 'Disabled' ? 'Manual' : x.startType}`,
    })),
  'firewall-rules': (s) =>
    s.rules.map((r) => ({ what: `Firewall rule ${r.name}`, before: r.enabled ? 'enabled' : 'disabled', after: 'enabled' })),
  'acl-saves': (s) =>
    s.saves.map((x) => ({
      what: x.path,
      before: `ACL and owners of ${x.items - x.unreadableCount} item(s), saved in the journal folder`,
      after: 'reset to the Windows default',
    })),
  'rename-aside': (r) => [{ what: r.path, before: 'in place', after: `renamed to ${r.asideName}; Windows created a new, empty folder` }],
  'history-export': (h, touches) => [
    ...h.servers.map((x) => ({
      what: `${touches.key}\\Servers\\${x.server}`,
      before: x.values.map((v) => `${v.name}=${String(v.data)}`).join(', ') || '(empty key)',
      after: '(deleted)',
    })),
    ...h.mru.map((m) => ({ what: `${touches.key}\\Default\\${m.name}`, before: String(m.data), after: '(deleted)' })),
  ],
  'certificate-renewal': (s, touches, outcome) => {
    const deleted = s.deleted.map((c) => ({
      what: `Cert:\\LocalMachine\\${touches.certificateStore}\\${c.thumbprint}`,
      before: 'present',
      after: 'deleted; Windows created a new self-signed certificate',
    }));
    const created = outcome?.newCertificate;
    if (!created) return deleted;
    const store = `Cert:\\LocalMachine\\${touches.certificateStore}`;
    const before = `${s.previousThumbprints.length} certificate(s)`;
    return [
      ...deleted,
      { what: store, before, after: `${created.thumbprint.toUpperCase()}, valid until ${created.notAfter.slice(0, 10)}` },
    ];
  },
  'credential-deletion': (s) =>
    s.credentials.map((c) => ({
      what: `Credential Manager: ${c.target}`,
      before: `${c.user ?? 'saved credential'} (saved ${c.lastWritten?.slice(0, 10) ?? 'unknown date'})`,
      after: '(deleted)',
    })),
  'winsock-reset': () => [
    { what: 'Winsock catalog', before: '(as it was, with any layered providers)', after: '(reset to the Windows default)' },
  ],
  'dns-flush': (d) => {
    const names = d.names.length ? `: ${d.names.slice(0, 5).join(', ')}${d.names.length > 5 ? ', …' : ''}` : '';
    return [
      { what: "This PC's DNS client cache", before: `${d.entries} cached record(s)${names}`, after: 'empty: names are looked up again' },
    ];
  },
  'group-membership': (s, touches) =>
    s.accounts.map((a) => ({
      what: `Local group ${touches.group}`,
      before: `without ${a.name ?? a.sid}`,
      after: `with ${a.name ?? a.sid}`,
    })),
  'session-logoff': (l) => [
    {
      what: `Session ${l.sessionId} of ${l.user}`,
      before: `disconnected${l.disconnectedAt ? ` since ${l.disconnectedAt}` : ''}`,
      after: '(logged off)',
    },
  ],
};

function describeAs<S extends Touches['shape']>(touches: TouchesOf<S>, snapshot: SnapshotOf<S>, outcome: JournalOutcome | null): Change[] {
  const describe: Describer<S> = DESCRIBE[touches.shape];
  return describe(snapshot, touches, outcome);
}

/**
 * The changes a snapshot stands for, from its items alone (what rollback would put back is `before`), with the
 * structured outcome the fix recorded after it ran (the new certificate), if any.
 */
export function describeSnapshot(touches: Touches, snapshot: Json, outcome: JournalOutcome | null = null): Change[] {
  const parsed = SCHEMAS[touches.shape].safeParse(snapshot);
  if (!parsed.success) return [];
  return describeAs(touches, parsed.data, outcome);
}

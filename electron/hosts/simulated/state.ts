// The simulated Windows host's state. Keyed by name wherever Windows keys by name, so a scenario can be a
// JSON merge patch (RFC 7386) over `healthy`, and so two states compare with a plain deep-equal.
import { z } from 'zod';

export const REG_TYPES = ['REG_DWORD', 'REG_QWORD', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_BINARY'] as const;
export const RegType = z.enum(REG_TYPES);
export type RegType = z.infer<typeof RegType>;

/** REG_BINARY data is uppercase hex; REG_MULTI_SZ is a string array; DWORD/QWORD are numbers. */
export const RegValue = z.object({
  type: RegType,
  data: z.union([z.number(), z.string(), z.array(z.string())]),
});
export type RegValue = z.infer<typeof RegValue>;

export const Service = z.object({
  displayName: z.string(),
  status: z.enum(['Running', 'Stopped', 'StartPending', 'StopPending', 'Paused']),
  startType: z.enum(['Automatic', 'Manual', 'Disabled']),
  /** The svchost that hosts it; the listener check compares the port owner against this. */
  processId: z.number().nullable(),
  dependsOn: z.array(z.string()).default([]),
  /** Hangs in StopPending when asked to stop (a stuck svchost), as TermService sometimes does. */
  hangsOnStop: z.boolean().default(false),
});
export type Service = z.infer<typeof Service>;

export const FirewallRule = z.object({
  displayName: z.string(),
  /** The group's resource string, language-neutral: @FirewallAPI.dll,-28752 is "Remote Desktop". */
  group: z.string(),
  enabled: z.boolean(),
  direction: z.enum(['Inbound', 'Outbound']),
  action: z.enum(['Allow', 'Block']),
  protocol: z.enum(['TCP', 'UDP', 'Any']),
  localPort: z.string(),
  profile: z.string(),
  /** Where the rule comes from; a GroupPolicy rule cannot be enabled locally. Absent means Local. */
  policyStore: z.enum(['Local', 'GroupPolicy']).optional(),
  /** Address, program and service filters (Get-NetFirewall*Filter); absent: Any (the simulator's rules match TermService). */
  remoteAddress: z.string().optional(),
  program: z.string().optional(),
  service: z.string().optional(),
});
export type FirewallRule = z.infer<typeof FirewallRule>;

export const Certificate = z.object({
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  hasPrivateKey: z.boolean(),
  /** Key container file name under MachineKeys. */
  keyFile: z.string().nullable(),
  enhancedKeyUsage: z.array(z.string()).default([]),
});
export type Certificate = z.infer<typeof Certificate>;

export const Ace = z.object({
  identity: z.string(),
  rights: z.string(),
  type: z.enum(['Allow', 'Deny']),
  inherited: z.boolean().default(false),
});
export type Ace = z.infer<typeof Ace>;

export const FileNode = z.object({
  kind: z.enum(['dir', 'file']),
  owner: z.string(),
  acl: z.array(Ace),
});
export type FileNode = z.infer<typeof FileNode>;

/**
 * One record of a Windows event log, as Get-WinEvent shows it (LogName, ProviderName, Id, LevelDisplayName,
 * TimeCreated as ISO text, Message). The simulator's own description: it does not borrow the engine's schema.
 */
export const EventRecord = z.object({
  log: z.string(),
  provider: z.string(),
  id: z.number(),
  level: z.enum(['Critical', 'Error', 'Warning', 'Information']),
  time: z.string(),
  message: z.string(),
  /** Named event data (Security 4625: TargetUserSid, LogonType, Status, SubStatus), as Windows renders it. */
  data: z.record(z.string(), z.string()).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const Credential = z.object({
  user: z.string(),
  type: z.string(),
  lastWritten: z.string(),
});

export const Adapter = z.object({
  description: z.string(),
  status: z.enum(['Up', 'Down', 'Disabled']),
  driverDate: z.string(),
  /** IPv4 addresses; only 169.254.x.x means DHCP failed (release/renew may help). Absent: not modelled. */
  ipv4: z.array(z.string()).optional(),
  /** NetCfgInstanceId ({GUID}): Terminal Server's lanatable maps LanAdapter numbers to it. Absent: not modelled. */
  interfaceGuid: z.string().optional(),
});

/**
 * What decides whether scripts run (host.powershell): execution policy per scope, whether the shipped scripts
 * are signed by a publisher this host trusts, and the language mode AppLocker/WDAC give the session and a
 * script file. The defaults are a host without script enforcement.
 */
export const PowerShellConfig = z.object({
  version: z.string().default('5.1.22621.2506'),
  sessionLanguageMode: z.enum(['FullLanguage', 'ConstrainedLanguage']).default('FullLanguage'),
  /** The mode an untrusted script file gets; a file the policy trusts (signatureTrusted) runs in FullLanguage. */
  scriptLanguageMode: z.enum(['FullLanguage', 'ConstrainedLanguage']).default('FullLanguage'),
  policies: z
    .object({
      MachinePolicy: z.string().default('Undefined'),
      UserPolicy: z.string().default('Undefined'),
      Process: z.string().default('Bypass'),
      CurrentUser: z.string().default('Undefined'),
      LocalMachine: z.string().default('RemoteSigned'),
    })
    .default({
      MachinePolicy: 'Undefined',
      UserPolicy: 'Undefined',
      Process: 'Bypass',
      CurrentUser: 'Undefined',
      LocalMachine: 'RemoteSigned',
    }),
  /** Get-AuthenticodeSignature status of the shipped scripts: NotSigned, Valid, UnknownError (untrusted root), ... */
  signature: z.string().default('NotSigned'),
  signer: z.string().nullable().default(null),
  /** Win32_DeviceGuard UsermodeCodeIntegrityPolicyEnforcementStatus: 0 off, 1 audit, 2 enforced. */
  wdacUser: z.number().default(0),
  uiCulture: z.string().default('en-US'),
});
export type PowerShellConfig = z.infer<typeof PowerShellConfig>;

/** Well-known SIDs: BUILTIN\Administrators and BUILTIN\Remote Desktop Users. */
const SID_ADMINISTRATORS = 'S-1-5-32-544';
const SID_REMOTE_DESKTOP_USERS = 'S-1-5-32-555';

/**
 * Who may log on through Remote Desktop Services: principals by SID, group membership (local groups, and the
 * domain groups as a logon token would expand them), user rights by SID (with the Group Policy that sets them),
 * and the Security log's refusals for "logon type not granted" (4625, status 0xC000015B).
 */
export const Accounts = z.object({
  principals: z.record(z.string(), z.object({ name: z.string(), kind: z.enum(['user', 'group']) })),
  members: z.record(z.string(), z.array(z.string())),
  // policy defaults to null: a JSON merge patch cannot carry a null.
  rights: z.record(z.string(), z.object({ sids: z.array(z.string()), policy: z.string().nullable().default(null) })),
  refusedLogons: z.array(z.object({ time: z.string(), sid: z.string() })),
});
export type Accounts = z.infer<typeof Accounts>;

const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const DEFAULT_ACCOUNTS: Accounts = {
  principals: {
    [SID_ADMINISTRATORS]: { name: 'BUILTIN\\Administrators', kind: 'group' },
    [SID_REMOTE_DESKTOP_USERS]: { name: 'BUILTIN\\Remote Desktop Users', kind: 'group' },
    [`${DOMAIN_SID}-512`]: { name: 'CORP\\Domain Admins', kind: 'group' },
    [`${DOMAIN_SID}-1105`]: { name: 'CORP\\RDP Staff', kind: 'group' },
    [`${DOMAIN_SID}-1201`]: { name: 'CORP\\j.doe', kind: 'user' },
    [`${DOMAIN_SID}-1150`]: { name: 'CORP\\helpdesk.tech', kind: 'user' },
  },
  members: {
    [SID_ADMINISTRATORS]: [`${DOMAIN_SID}-512`],
    [SID_REMOTE_DESKTOP_USERS]: [`${DOMAIN_SID}-1105`],
    [`${DOMAIN_SID}-512`]: [`${DOMAIN_SID}-1150`],
    [`${DOMAIN_SID}-1105`]: [`${DOMAIN_SID}-1201`],
  },
  rights: {
    SeRemoteInteractiveLogonRight: { sids: [SID_ADMINISTRATORS, SID_REMOTE_DESKTOP_USERS], policy: null },
    SeDenyRemoteInteractiveLogonRight: { sids: [], policy: null },
  },
  refusedLogons: [],
};

/** One session as WTSEnumerateSessions reports it. */
export const Session = z.object({
  id: z.number(),
  station: z.string(),
  user: z.string().nullable().default(null),
  state: z.enum(['Active', 'Connected', 'Disconnected', 'Listen', 'Idle']),
  /** When the session was disconnected; null (or absent in a scenario patch) for the others. */
  disconnectedAt: z.string().nullable().default(null),
});
export type Session = z.infer<typeof Session>;

/** Remote Desktop licensing as Win32_TerminalServiceSetting reports it. */
export const Licensing = z.object({
  /** TerminalServerMode 1: the Remote Desktop Session Host role is installed. */
  sessionHost: z.boolean(),
  /** LicensingType: 2 Per Device, 4 Per User; anything else is not configured. */
  licensingType: z.number().nullable().default(null),
  licenseServers: z.array(z.string()),
  /** License servers that answer (the others are configured but unreachable). */
  reachable: z.array(z.string()),
  /** GetGracePeriodDays; 0: the grace period is over. */
  graceDaysLeft: z.number().nullable().default(null),
});
export type Licensing = z.infer<typeof Licensing>;

export const ScheduledTask = z.object({
  name: z.string(),
  entryId: z.string(),
  at: z.string(),
  runAs: z.literal('SYSTEM'),
  /** The trigger's EndBoundary: after it Task Scheduler no longer starts the task, even a missed one. */
  endBoundary: z.string().optional(),
});
export type ScheduledTask = z.infer<typeof ScheduledTask>;

export const WinState = z.object({
  clock: z.object({
    /** Fixed simulated time, or null for the real clock. Relative dates ("now-10d") resolve against it. */
    now: z.string().nullable(),
  }),
  computer: z.object({
    name: z.string(),
    caption: z.string(),
    build: z.string(),
    domain: z.string().nullable(),
    azure: z.object({ isAzure: z.boolean(), vmId: z.string().nullable(), location: z.string().nullable() }),
    pendingReboot: z.boolean(),
    /** $env:SESSIONNAME of the app's own process: RDP-Tcp#N when it runs inside an RDP session. */
    sessionName: z.string(),
    elevated: z.boolean(),
    processUser: z.string(),
    /** Owner of the interactive session; differs from processUser under UAC over-the-shoulder elevation. */
    interactiveUser: z.string(),
    tlsClientVersions: z.array(z.string()).default(['TLS 1.2']),
  }),
  /** Key paths like HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server (compared case-insensitively). */
  registry: z.record(z.string(), z.record(z.string(), RegValue)),
  services: z.record(z.string(), Service),
  firewall: z.object({
    activeProfiles: z.array(z.enum(['Domain', 'Private', 'Public'])),
    profiles: z.record(z.string(), z.object({ enabled: z.boolean() })),
    rules: z.record(z.string(), FirewallRule),
  }),
  /** Store name ("Remote Desktop", "My") -> thumbprint (uppercase hex) -> certificate. */
  certificates: z.record(z.string(), z.record(z.string(), Certificate)),
  files: z.record(z.string(), FileNode),
  /** Programs other than TermService listening on a TCP port (port -> process image name). */
  otherListeners: z.record(z.string(), z.object({ process: z.string(), pid: z.number() })),
  events: z.array(EventRecord),
  powershell: PowerShellConfig.default(PowerShellConfig.parse({})),
  /** Event logs this account cannot read (Get-WinEvent: UnauthorizedAccessException). */
  unreadableLogs: z.array(z.string()).default([]),
  /** Event log channels turned off (Get-WinEvent -ListLog: IsEnabled false): they record no new events. */
  disabledLogs: z.array(z.string()).default([]),
  /**
   * Registry keys (HKCU\...) and certificate stores (Cert:\LocalMachine\Remote Desktop) this account may not
   * open (Get-ChildItem / Get-Item: SecurityException or UnauthorizedAccessException, category PermissionDenied).
   */
  unreadableKeys: z.array(z.string()).default([]),
  /** WMI classes this account may not query (Get-CimInstance: HRESULT 0x80041003, WBEM_E_ACCESS_DENIED). */
  unreadableWmiClasses: z.array(z.string()).default([]),
  /**
   * Services whose Service Control Manager entry this account may not open (Get-Service: an error other than
   * NoServiceFoundForGivenName, e.g. a service DACL that denies SERVICE_QUERY_STATUS). Compared case-insensitively.
   */
  unreadableServices: z.array(z.string()).default([]),
  /**
   * Other reads this account is refused, by what the script names (e.g. 'Get-NetTCPConnection',
   * 'Get-ScheduledTask', 'Get-NetFirewallRule', 'Get-DnsClientCache', 'RSOP_UserPrivilegeRight'): the CDXML cmdlets
   * answer 'Windows System Error 5' / PermissionDenied, never "not found".
   */
  deniedReads: z.array(z.string()).default([]),
  /** Credential Manager entries of the user who runs mstsc, by target (TERMSRV/host). */
  credentials: z.record(z.string(), Credential),
  adapters: z.record(z.string(), Adapter),
  /**
   * Task Scheduler's one-time tasks (Register-ScheduledTask): the scheduled revert of a security downgrade,
   * run as SYSTEM at `at` whether or not any RDP Doctor process is running then.
   */
  scheduledTasks: z.array(ScheduledTask).default([]),
  /** This PC's DNS client cache: name -> cached addresses (ipconfig /displaydns). */
  dnsCache: z.record(z.string(), z.array(z.string())).default({}),
  securityProducts: z.object({
    antivirus: z.array(z.object({ name: z.string(), enabled: z.boolean() })),
    firewall: z.array(z.object({ name: z.string(), enabled: z.boolean() })),
  }),
  /**
   * The PC that runs Remote Desktop Connection against this host: what it can negotiate. A real host cannot
   * see this; the simulator models it so NLA and security-layer mismatches have a cause in state.
   */
  client: z
    .object({ supportsCredSSP: z.boolean().default(true), supportsTLS: z.boolean().default(true) })
    .default({ supportsCredSSP: true, supportsTLS: true }),
  /**
   * PowerShell Remoting as the simulated WinRM link sees it (electron/reach/simulated): the machine SID that
   * identifies the host, and the accounts of its local Administrators group (unset: every caller is one).
   */
  remoting: z
    .object({
      machineSid: z.string().nullable().default(null),
      /** The SMBIOS UUID (Win32_ComputerSystemProduct.UUID) of this machine. */
      uuid: z.string().optional(),
      administrators: z.array(z.string()).optional(),
    })
    .optional(),
  accounts: Accounts.default(DEFAULT_ACCOUNTS),
  sessions: z.array(Session).default([
    { id: 0, station: 'Services', user: null, state: 'Disconnected', disconnectedAt: null },
    { id: 1, station: 'Console', user: 'CORP\\helpdesk.tech', state: 'Active', disconnectedAt: null },
    { id: 65536, station: 'RDP-Tcp', user: null, state: 'Listen', disconnectedAt: null },
  ]),
  licensing: Licensing.default({ sessionHost: false, licensingType: null, licenseServers: [], reachable: [], graceDaysLeft: null }),
});
export type WinState = z.infer<typeof WinState>;

// Where Windows keeps what the simulator models, written here from Microsoft's documentation rather than taken
// from the engine, so a wrong path in the engine shows up as a finding instead of agreeing with itself.
/** fDenyTSConnections (learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-localsessionmanager-fdenytsconnections). */
export const TS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
/** The RDP-Tcp listener: PortNumber, SecurityLayer, UserAuthentication (learn.microsoft.com/windows-server/remote/remote-desktop-services/clients/change-listening-port). */
export const RDP_TCP_KEY = `${TS_KEY}\\WinStations\\RDP-Tcp`;
/** Where the Remote Desktop Services Group Policy settings are written (HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services). */
export const TS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
/** Machine key containers of the legacy CSPs (KB 278381, "Default permissions for the MachineKeys folders"). */
export const MACHINEKEYS_DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';

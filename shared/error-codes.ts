// Decodes the two numbers Remote Desktop Connection shows when a connection fails ("error code 0x904,
// extended error code 0x7") into plain words and the checks that can explain them, in the order to run them.
// Pure and shared: the CLI (`rdp-doctor explain`), the ranking of causes and the start screen use the same table.
//
// Sources (Microsoft):
// - Disconnect reasons: IMsTscAxEvents::OnDisconnected, discReason
//   https://learn.microsoft.com/en-us/windows/win32/termserv/imstscaxevents-ondisconnected
//   and the RDP client's OnConnectionTerminated list
//   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/rdp/onconnectionterminated
// - Extended reasons: ExtendedDisconnectReasonCode enumeration (Remote Desktop ActiveX control)
//   https://learn.microsoft.com/en-us/windows/win32/termserv/extendeddisconnectreasoncode
//   The server sends them in the Set Error Info PDU (MS-RDPBCGR 2.2.5.1.1, errorInfo); values 0x1000-0x7FFF
//   are the protocol errors (ERRINFO_* in that section).

interface CodeEntry {
  value: number;
  /** Microsoft's constant name. */
  name: string;
  /** Plain words for the technician. */
  meaning: string;
  /** Check ids that can explain it, the first to run first. */
  checks: readonly string[];
}

/** Where in the connection the client was when it gave up: ranking uses it. */
export type ErrorStage = 'name-resolution' | 'connect' | 'after-handshake' | 'not-an-error' | 'unknown';

interface DisconnectEntry extends CodeEntry {
  stage: ErrorStage;
}

const NAME = ['client.dns', 'client.ip-vs-name'] as const;
const REACH = ['client.tcp', 'host.rdp-enabled', 'host.service', 'host.listener', 'host.port', 'host.firewall'] as const;
const CERT = ['host.certificate', 'host.machinekeys', 'client.tls-certificate', 'host.security-layer'] as const;
const ACCOUNT = ['host.user-rights', 'client.saved-credentials', 'host.nla'] as const;
const LICENSE = ['host.licensing', 'host.events'] as const;

const d = (value: number, name: string, stage: ErrorStage, meaning: string, checks: readonly string[]): DisconnectEntry => ({
  value,
  name,
  stage,
  meaning,
  checks,
});

/** discReason values (the "error code"). */
export const DISCONNECT_REASONS: readonly DisconnectEntry[] = [
  d(0x0, 'disconnectReasonNoInfo', 'unknown', 'No information is available.', []),
  d(0x1, 'disconnectReasonLocalNotError', 'not-an-error', 'This PC closed the connection (not an error).', []),
  d(0x2, 'disconnectReasonRemoteByUser', 'not-an-error', 'Someone on the remote PC ended the session (not an error).', []),
  d(0x3, 'disconnectReasonByServer', 'not-an-error', 'The remote PC ended the connection (not an error; the extended code says why).', [
    'host.events',
  ]),
  d(0x104, 'disconnectReasonDNSLookupFailed', 'name-resolution', 'The name of the remote PC could not be looked up in DNS.', NAME),
  d(0x106, 'disconnectReasonOutOfMemory', 'unknown', 'This PC ran out of memory.', []),
  d(0x108, 'disconnectReasonConnectionTimedOut', 'connect', 'The connection timed out: nothing answered on the RDP port.', REACH),
  d(
    0x204,
    'disconnectReasonSocketConnectFailed',
    'connect',
    'The TCP connection to the RDP port failed: nothing listens there, or a firewall refuses it.',
    REACH,
  ),
  d(0x206, 'disconnectReasonOutOfMemory2', 'unknown', 'This PC ran out of memory.', []),
  d(0x208, 'disconnectReasonHostNotFound', 'name-resolution', 'The remote PC was not found (the name does not resolve).', NAME),
  d(
    0x304,
    'disconnectReasonWinsockSendFailed',
    'connect',
    'Sending on the network failed: the connection broke or something in between reset it.',
    ['client.tcp', 'client.security-software', 'client.winsock'],
  ),
  d(0x306, 'disconnectReasonOutOfMemory3', 'unknown', 'This PC ran out of memory.', []),
  d(0x308, 'disconnectReasonInvalidIPAddr', 'name-resolution', 'The IP address typed is not valid.', NAME),
  d(
    0x404,
    'disconnectReasonSocketRecvFailed',
    'connect',
    'Receiving from the network failed: the connection broke or something in between reset it.',
    ['client.tcp', 'client.security-software', 'client.winsock'],
  ),
  d(0x406, 'disconnectReasonInvalidSecurityData', 'after-handshake', 'The security data from the remote PC was not valid.', CERT),
  d(0x408, 'disconnectReasonInternalError', 'unknown', 'Internal error in Remote Desktop Connection.', [
    'client.security-software',
    'client.winsock',
  ]),
  d(
    0x506,
    'disconnectReasonInvalidEncryption',
    'after-handshake',
    'The encryption method is not valid: the two PCs share no encryption level.',
    ['host.security-layer', 'host.schannel'],
  ),
  d(0x508, 'disconnectReasonDNSLookupFailed2', 'name-resolution', 'The DNS lookup of the remote PC failed.', NAME),
  d(0x604, 'disconnectReasonGetHostByNameFailed', 'name-resolution', 'The name of the remote PC could not be resolved.', NAME),
  d(
    0x606,
    'disconnectReasonInvalidServerSecurityInfo',
    'after-handshake',
    "The remote PC's security data (its certificate) is not valid.",
    CERT,
  ),
  d(0x608, 'disconnectReasonTimerError', 'unknown', 'Internal timer error in Remote Desktop Connection.', []),
  d(0x704, 'disconnectReasonTimeoutOccurred', 'connect', 'A time-out occurred while connecting.', REACH),
  d(0x706, 'disconnectReasonServerCertificateUnpackErr', 'after-handshake', "The remote PC's certificate could not be read.", CERT),
  d(0x804, 'disconnectReasonInvalidIP', 'name-resolution', 'The IP address is not valid.', NAME),
  d(
    0x807,
    'disconnectReasonSslErrLogonFailure',
    'after-handshake',
    'The logon failed: wrong user name or password, or the account may not log on remotely.',
    ACCOUNT,
  ),
  d(0x808, 'disconnectReasonLicensingFailed', 'after-handshake', 'The Remote Desktop licensing negotiation failed.', LICENSE),
  d(
    0x904,
    'disconnectReasonAtClientWinsockFDCLOSE',
    'after-handshake',
    'The connection was closed by the remote PC after it had answered (socket closed): the extended code says why.',
    [...CERT, 'host.nla', 'client.credssp', 'host.user-rights', 'host.session-limits', 'host.licensing', 'host.events'],
  ),
  d(
    0x906,
    'disconnectReasonInternalSecurityError',
    'after-handshake',
    'Internal security error while setting up the encrypted connection.',
    [...CERT, 'client.credssp', 'host.schannel'],
  ),
  d(0x908, 'disconnectReasonLicensingTimeout', 'after-handshake', 'The Remote Desktop licensing negotiation timed out.', LICENSE),
  d(
    0xa06,
    'disconnectReasonInternalSecurityError2',
    'after-handshake',
    'Internal security error while setting up the encrypted connection.',
    [...CERT, 'client.credssp'],
  ),
  d(0xa07, 'disconnectReasonSslErrNoSuchUser', 'after-handshake', 'The user name does not exist on the remote PC or its domain.', ACCOUNT),
  d(0xb06, 'disconnectReasonEncryptionError', 'after-handshake', 'Encryption error.', ['host.security-layer', 'host.schannel']),
  d(0xb07, 'disconnectReasonSslErrAccountDisabled', 'after-handshake', 'The account is disabled.', ['host.user-rights']),
  d(0xc06, 'disconnectReasonDecryptionError', 'after-handshake', 'Decryption error.', ['host.security-layer', 'host.schannel']),
  d(
    0xc07,
    'disconnectReasonSslErrAccountRestriction',
    'after-handshake',
    'An account restriction stops this logon (logon hours, workstations, or blank password).',
    ['host.user-rights', 'host.group-policy'],
  ),
  d(0xc08, 'disconnectReasonClientDecompressionError', 'after-handshake', 'Decompression error on this PC.', []),
  d(0xd07, 'disconnectReasonSslErrAccountLockedOut', 'after-handshake', 'The account is locked out.', [
    'host.user-rights',
    'client.saved-credentials',
  ]),
  d(0xe07, 'disconnectReasonSslErrAccountExpired', 'after-handshake', 'The account has expired.', ['host.user-rights']),
  d(
    0xf07,
    'disconnectReasonSslErrPasswordExpired',
    'after-handshake',
    'The password has expired (with NLA it cannot be changed at the logon screen).',
    ['host.user-rights', 'host.nla'],
  ),
  d(
    0x1207,
    'disconnectReasonSslErrPasswordMustChange',
    'after-handshake',
    'The password must be changed before the first logon (with NLA it cannot be changed at the logon screen).',
    ['host.nla', 'host.user-rights'],
  ),
  d(
    0x1607,
    'disconnectReasonSslErrDelegationPolicy',
    'after-handshake',
    'Policy does not allow this PC to delegate the credentials to the remote PC (CredSSP).',
    ['client.credssp', 'host.nla'],
  ),
  d(
    0x1807,
    'disconnectReasonSslErrNoAuthenticatingAuthority',
    'after-handshake',
    'No authority (domain controller) could be contacted for authentication.',
    ['host.nla', 'client.dns'],
  ),
  d(0x1b07, 'disconnectReasonSslErrCertExpired', 'after-handshake', 'A certificate used for authentication has expired.', [
    'host.certificate',
    'client.tls-certificate',
  ]),
  d(
    0x2107,
    'disconnectReasonSslErrFreshCredRequiredByServer',
    'after-handshake',
    'The remote PC requires credentials typed now, not saved ones.',
    ['client.saved-credentials', 'host.group-policy'],
  ),
];

const x = (value: number, name: string, meaning: string, checks: readonly string[]): CodeEntry => ({ value, name, meaning, checks });

/** ExtendedDisconnectReasonCode, every value of the enumeration. */
export const EXTENDED_REASONS: readonly CodeEntry[] = [
  x(0, 'exDiscReasonNoInfo', 'No extended information.', []),
  x(1, 'exDiscReasonAPIInitiatedDisconnect', 'An application on the remote PC (or an administrator) disconnected the session.', [
    'host.events',
  ]),
  x(2, 'exDiscReasonAPIInitiatedLogoff', 'An application on the remote PC (or an administrator) logged the session off.', ['host.events']),
  x(3, 'exDiscReasonServerIdleTimeout', 'The session was idle longer than the idle time limit of the remote PC.', [
    'host.group-policy',
    'host.session-limits',
  ]),
  x(4, 'exDiscReasonServerLogonTimeout', 'The logon took longer than the remote PC allows.', ['host.events', 'host.group-policy']),
  x(5, 'exDiscReasonReplacedByOtherConnection', 'Another connection took over this session (the same user connected from elsewhere).', [
    'host.session-limits',
  ]),
  x(6, 'exDiscReasonOutOfMemory', 'The remote PC ran out of memory.', ['host.os', 'host.events']),
  x(7, 'exDiscReasonServerDeniedConnection', 'The remote PC denied the connection.', [
    'host.user-rights',
    'host.session-limits',
    'host.licensing',
    'host.listener',
    'host.certificate',
    'host.machinekeys',
    'host.security-layer',
    'host.nla',
    'client.credssp',
    'host.events',
  ]),
  x(8, 'exDiscReasonServerDeniedConnectionFips', 'The remote PC denied the connection because it requires FIPS-compliant encryption.', [
    'host.security-layer',
    'host.schannel',
    'host.group-policy',
  ]),
  x(9, 'exDiscReasonServerInsufficientPrivileges', 'The user may not log on through Remote Desktop on the remote PC.', [
    'host.user-rights',
    'host.group-policy',
  ]),
  x(10, 'exDiscReasonServerFreshCredsRequired', 'The remote PC requires credentials typed now, not saved ones.', [
    'client.saved-credentials',
    'host.group-policy',
  ]),
  x(11, 'exDiscReasonRpcInitiatedDisconnectByUser', 'A user disconnected the session through an administration tool.', ['host.events']),
  x(12, 'exDiscReasonLogoffByUser', 'The user logged off.', []),
  x(256, 'exDiscReasonLicenseInternal', 'Internal error in Remote Desktop licensing.', LICENSE),
  x(257, 'exDiscReasonLicenseNoLicenseServer', 'No Remote Desktop license server is available.', LICENSE),
  x(258, 'exDiscReasonLicenseNoLicense', 'No Remote Desktop client access license is available for this PC or user.', LICENSE),
  x(259, 'exDiscReasonLicenseErrClientMsg', 'The remote PC received a bad licensing message from this PC.', LICENSE),
  x(260, 'exDiscReasonLicenseHwidDoesntMatchLicense', 'The license stored on this PC belongs to other hardware.', LICENSE),
  x(261, 'exDiscReasonLicenseErrClientLicense', 'The license stored on this PC is not valid.', LICENSE),
  x(262, 'exDiscReasonLicenseCantFinishProtocol', 'The network broke during licensing.', ['client.tcp', ...LICENSE]),
  x(263, 'exDiscReasonLicenseClientEndedProtocol', 'This PC ended the licensing protocol.', LICENSE),
  x(264, 'exDiscReasonLicenseErrClientEncryption', 'A licensing message was not encrypted correctly.', LICENSE),
  x(265, 'exDiscReasonLicenseCantUpgradeLicense', "This PC's license could not be upgraded or renewed.", LICENSE),
  x(
    266,
    'exDiscReasonLicenseNoRemoteConnections',
    'The remote PC is not licensed to accept remote connections (licensing grace period over, or no licenses).',
    ['host.licensing', 'host.session-limits', 'host.events'],
  ),
  x(
    267,
    'exDiscReasonLicenseCreatingLicStoreAccDenied',
    'This PC could not store its license: Remote Desktop Connection lacks rights on its license store (run it once as administrator).',
    ['host.licensing'],
  ),
  x(768, 'exDiscReasonRdpEncInvalidCredentials', 'The credentials sent are not valid.', ['client.saved-credentials', 'host.user-rights']),
];

/** exDiscReasonProtocolRangeStart..End: protocol errors (MS-RDPBCGR 2.2.5.1.1 errorInfo). */
const PROTOCOL_RANGE = { start: 4096, end: 32767 } as const;
const PROTOCOL_CHECKS = [
  'client.rdp-negotiation',
  'client.tls-certificate',
  'host.security-layer',
  'host.certificate',
  'host.events',
] as const;

interface ErrorExplanation {
  code: string;
  extended: string | null;
  meaning: string;
  extendedMeaning: string | null;
  checks: string[];
}

export interface DecodedError extends ErrorExplanation {
  codeName: string;
  extendedName: string | null;
  stage: ErrorStage;
}

type ParsedNumber = { ok: true; value: number } | { ok: false; field: string; error: string };

export const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;

/** "0x904", "0X904" or decimal "2308". Bare hex digits ("904") are ambiguous and refused with a hint. */
export function parseCodeNumber(text: string, field: string): ParsedNumber {
  const t = text.trim();
  const form = `expected a number such as 0x904 (hexadecimal, as Remote Desktop Connection shows it) or 2308 (decimal)`;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return { ok: true, value: parseInt(t.slice(2), 16) };
  if (/^\d{1,10}$/.test(t)) return { ok: true, value: Number(t) };
  return { ok: false, field, error: `${field}: "${t.slice(0, 40)}" is not a code; ${form}` };
}

function lookupExtended(value: number): { name: string; meaning: string; checks: readonly string[] } | null {
  const entry = EXTENDED_REASONS.find((e) => e.value === value);
  if (entry) return entry;
  if (value >= PROTOCOL_RANGE.start && value <= PROTOCOL_RANGE.end) {
    return {
      name: 'exDiscReasonProtocolRange',
      meaning: `The remote PC reported RDP protocol error ${hex(value)} (MS-RDPBCGR 2.2.5.1.1 errorInfo): the two sides disagreed during the connection sequence.`,
      checks: PROTOCOL_CHECKS,
    };
  }
  return null;
}

/**
 * Decodes a code pair. Unknown values are errors naming the field, never a guess: a technician who typed a
 * wrong number should be told so, not given advice for another error.
 */
export function decodeError(
  code: number,
  extended: number | null,
): { ok: true; decoded: DecodedError } | { ok: false; field: 'code' | 'extended'; error: string } {
  const main = DISCONNECT_REASONS.find((e) => e.value === code);
  if (!main) {
    const asHex = /^\d+$/.test(String(code)) ? DISCONNECT_REASONS.find((e) => e.value === parseInt(String(code), 16)) : undefined;
    const hint = asHex && code !== asHex.value ? ` Did you mean ${hex(asHex.value)}? Type hexadecimal codes with 0x.` : '';
    return { ok: false, field: 'code', error: `code: ${hex(code)} (${code}) is not a known Remote Desktop disconnect reason.${hint}` };
  }
  const ext = extended === null ? null : lookupExtended(extended);
  if (extended !== null && !ext) {
    return {
      ok: false,
      field: 'extended',
      error: `extended: ${hex(extended)} (${extended}) is not an ExtendedDisconnectReasonCode (0-12, 256-267, 768, or 0x1000-0x7FFF).`,
    };
  }
  // The extended reason is the more specific one: its checks go first, then the disconnect reason's.
  const checks = [...new Set([...(ext?.checks ?? []), ...main.checks])];
  // A server-side extended reason means the server answered: the failure is after the handshake.
  const stage: ErrorStage = ext && extended !== 0 && main.stage !== 'name-resolution' ? 'after-handshake' : main.stage;
  return {
    ok: true,
    decoded: {
      code: hex(code),
      extended: extended === null ? null : hex(extended),
      meaning: main.meaning,
      extendedMeaning: ext?.meaning ?? null,
      checks,
      codeName: main.name,
      extendedName: ext?.name ?? null,
      stage,
    },
  };
}

/** Parses "0x904", "0x904/0x7", "0x904 0x7" or "0x904,0x7" as typed in one field (start screen, --error). */
export function parseErrorPair(
  text: string,
  field: string,
): { ok: true; code: number; extended: number | null } | { ok: false; field: string; error: string } {
  const parts = text
    .trim()
    .split(/\s*[/,\s]\s*/)
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 2 || text.length > 40) {
    return { ok: false, field, error: `${field}: expected the error code and, optionally, the extended code, such as 0x904/0x7` };
  }
  const code = parseCodeNumber(parts[0]!, field);
  if (!code.ok) return code;
  const extended = parts[1] === undefined ? null : parseCodeNumber(parts[1], field);
  if (extended && !extended.ok) return extended;
  return { ok: true, code: code.value, extended: extended ? extended.value : null };
}

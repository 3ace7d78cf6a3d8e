// Findings from the host's own account of itself (the NTLM CHALLENGE): is it the PC that was dialled, is its
// clock within Kerberos' tolerance, which Windows it runs. Pure, like judge.ts.
import os from 'node:os';
import net from 'node:net';
import type { HostIdentity, ProbeFinding, ProbeReport } from '../../shared/probe';

/** Kerberos' default maximum tolerance for computer clock synchronization: 5 minutes. */
const MAX_CLOCK_SKEW_SECONDS = 300;

const f = (status: ProbeFinding['status'], text: string, code: string, related?: string[]): ProbeFinding => ({
  layer: 'identity',
  status,
  text,
  code,
  ...(related ? { related } : {}),
});

// Windows builds as NTLM reports them (major.minor.build; the monthly update level is not in it).
const BUILDS: Array<[number, string]> = [
  [7601, 'Windows 7 SP1 / Server 2008 R2 SP1'],
  [9200, 'Windows 8 / Server 2012'],
  [9600, 'Windows 8.1 / Server 2012 R2'],
  [10240, 'Windows 10 1507'],
  [10586, 'Windows 10 1511'],
  [14393, 'Windows 10 1607 / Server 2016'],
  [15063, 'Windows 10 1703'],
  [16299, 'Windows 10 1709'],
  [17134, 'Windows 10 1803'],
  [17763, 'Windows 10 1809 / Server 2019'],
  [18362, 'Windows 10 1903'],
  [18363, 'Windows 10 1909'],
  [19041, 'Windows 10 2004'],
  [19042, 'Windows 10 20H2'],
  [19043, 'Windows 10 21H1'],
  [19044, 'Windows 10 21H2'],
  [19045, 'Windows 10 22H2'],
  [20348, 'Windows Server 2022'],
  [22000, 'Windows 11 21H2'],
  [22621, 'Windows 11 22H2'],
  [22631, 'Windows 11 23H2'],
  [26100, 'Windows 11 24H2 / Server 2025'],
];

export function buildOf(productVersion: string | null): number | null {
  const m = /^\d+\.\d+\.(\d+)$/.exec(productVersion ?? '');
  return m ? Number(m[1]) : null;
}

export function windowsName(productVersion: string | null): string | null {
  const build = buildOf(productVersion);
  return build === null ? null : (BUILDS.find(([b]) => b === build)?.[1] ?? null);
}

const label = (name: string): string => name.split('.')[0]!.toLowerCase();

/** The host's names in the words a technician knows: NETBIOS (dns.name). */
function hostNames(id: HostIdentity): string {
  const own = id.dnsComputerName ?? id.netbiosComputerName ?? '?';
  const domain = id.dnsDomainName ?? id.netbiosDomainName;
  return domain && !own.toLowerCase().endsWith(`.${domain.toLowerCase()}`) && label(domain) !== label(own)
    ? `${own} (domain ${domain})`
    : own;
}

/** The host's own names, first label only, lower case (NETBIOS and DNS). */
const ownLabels = (id: HostIdentity): string[] =>
  [id.netbiosComputerName, id.dnsComputerName].filter((n): n is string => Boolean(n)).map(label);

/** True when the name dialled is none of the host's own names (localhost stands for this PC's name). */
export function namesDiffer(dialled: string, id: HostIdentity, localName = os.hostname()): boolean {
  const names = ownLabels(id);
  if (names.length === 0 || net.isIP(dialled)) return false;
  return !names.includes(dialled.toLowerCase() === 'localhost' ? label(localName) : label(dialled));
}

/**
 * The dialled name against the host's own names. localhost is this PC by definition, so it is compared with
 * this PC's name. An IP address cannot be compared. A name whose DNS CNAME is the host's own name is an alias;
 * one with several A records is a round-robin name (an RD Session Host farm): neither is the wrong PC. A name
 * in another DNS domain may be an alias too, so it only warns; a name in the host's own domain, or a single
 * label, with one address of its own is another computer's record pointing here.
 */
function judgeName(report: ProbeReport, id: HostIdentity, localName: string): ProbeFinding | null {
  const dialled = report.host;
  const names = ownLabels(id);
  if (names.length === 0 || net.isIP(dialled)) return null;
  const who = hostNames(id);
  if (!namesDiffer(dialled, id, localName))
    return f('pass', `The PC that answers calls itself ${who}: the name you dialled reaches the right PC`, 'identity.name-matches');
  const isLocal = dialled.toLowerCase() === 'localhost';
  const shown = isLocal ? `localhost (this PC, ${localName})` : dialled;
  if (!isLocal && report.dialledCname && names.includes(label(report.dialledCname)))
    return f('pass', `${dialled} is an alias (DNS CNAME) of ${report.dialledCname}, the PC that answers: the right PC`, 'identity.alias');
  const aRecords = report.layers.dns?.a.addresses ?? [];
  if (!isLocal && aRecords.length > 1)
    return f(
      'warn',
      `${dialled} has ${aRecords.length} addresses (DNS round robin) and this one is answered by ${who}. For a farm name (RD Session Hosts sharing one name) that is expected; otherwise an old record among them sends some connections to another computer.`,
      'identity.round-robin',
      ['client.dns'],
    );
  const suffix = dialled.includes('.') ? dialled.slice(dialled.indexOf('.') + 1).toLowerCase() : null;
  const sameDomain = suffix === null || (id.dnsDomainName !== null && suffix === id.dnsDomainName.toLowerCase());
  if (isLocal || sameDomain) {
    return f(
      'fail',
      `Wrong PC: ${shown} is answered by a PC that calls itself ${who}. Stale DNS or a reused IP address sends you to another computer: every other finding about this target concerns ${who}, not ${shown}. Fix the DNS record (or the hosts file) first; if ${shown} is an alternate name given to ${who} on purpose, connect with ${who} instead.`,
      'identity.wrong-machine',
      ['client.dns'],
    );
  }
  return f(
    'warn',
    `${shown} is answered by a PC that calls itself ${who}. If ${dialled} is not an alias of that PC, stale DNS or a reused IP address sends you to the wrong computer.`,
    'identity.other-name',
    ['client.dns'],
  );
}

function judgeClock(id: HostIdentity): ProbeFinding | null {
  if (id.clockSkewSeconds === null) return null;
  const skew = id.clockSkewSeconds;
  const minutes = Math.round(Math.abs(skew) / 60);
  const way = skew > 0 ? 'ahead of' : 'behind';
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    return f(
      'warn',
      `The host's clock is ${minutes} minutes ${way} this PC's (host: ${id.hostTime}). Kerberos, which NLA uses in a domain, refuses more than 5 minutes: the logon fails with a time or "authentication error". Sync both clocks (w32tm /resync).`,
      'identity.clock-skew',
    );
  }
  return f('pass', `The host's clock is within ${Math.max(1, Math.abs(skew))} s of this PC's`, 'identity.clock-ok');
}

export function judgeIdentity(report: ProbeReport, localName = os.hostname()): ProbeFinding[] {
  const id = report.identity;
  if (!id) {
    const reason = report.identityReason ?? 'not read';
    const code = report.layers.credssp?.errorCode ?? null;
    if (!report.layers.credssp || code === null || code === 'cancelled')
      return [f('skipped', `Identity before logon not read: ${reason}`, 'identity.none')];
    // A server that selected NLA and then drops or ignores the CredSSP request fails exactly where error
    // 0x904 / 0x7 appears (right after the credentials): that is a finding, not "not applicable".
    if (code === 'closed' || code === 'reset' || code === 'timeout')
      return [
        f(
          'warn',
          `The server offers NLA but did not answer its first CredSSP step (${reason}): CredSSP on the host may be stuck, or the host refuses NTLM so only Kerberos logons can work; a connection then drops right after the credentials. See host.nla and host.events`,
          'identity.no-answer',
        ),
      ];
    return [f('warn', `The server offers NLA but its CredSSP answer could not be read: ${reason}`, 'identity.unreadable')];
  }
  const version = id.productVersion
    ? `, Windows version ${id.productVersion}${windowsName(id.productVersion) ? ` (${windowsName(id.productVersion)})` : ''}`
    : '';
  const out = [judgeName(report, id, localName), judgeClock(id)].filter((x): x is ProbeFinding => x !== null);
  out.push(f('pass', `Before any password the host names itself ${hostNames(id)}${version}`, 'identity.read'));
  return out;
}

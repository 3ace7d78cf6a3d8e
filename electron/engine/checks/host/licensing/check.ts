// host.licensing: on a Remote Desktop Session Host, a licensing mode, a license server that answers, and grace
// period days left (Win32_TerminalServiceSetting: LicensingType, GetSpecifiedLicenseServerList,
// GetGracePeriodDays); licensing events 1004/1028/1068/1069 in RemoteConnectionManager/Admin. Without the role,
// licensing does not apply (two administration sessions need no client access license). No fix: licenses and
// license servers are the administrator's purchase and design, so the verdict says what to configure.
// Sources: learn.microsoft.com Win32_TerminalServiceSetting (GetGracePeriodDays, GetSpecifiedLicenseServerList),
// "License your RDS deployment with client access licenses (CALs)".
import type { Check, CheckContext, Judgement } from '../../../types';
import { LICENSING_LOG, LicensingOutput } from './schema';

const SCRIPT = 'checks/host/licensing/licensing';
const LOOKBACK_DAYS = 7;
type Data = LicensingOutput;

const MODES: Record<number, string> = { 2: 'Per Device', 4: 'Per User' };

/** What could not be read, as "X (reason)", for verdicts that must not pass over it. */
const couldNotRead = (d: Data) => d.unreadable.map((u) => `${u.what} (${u.reason})`);

function judge(d: Data): Judgement {
  const judged = judgeRead(d);
  const missed = couldNotRead(d);
  if (missed.length === 0) return judged;
  const evidence = [...judged.evidence, { label: 'Could not read', value: missed.join('; '), source: 'RDP Doctor' }];
  // Role unknown: neither "not a Session Host" nor any licensing verdict can be given.
  if (d.sessionHost === null)
    return {
      status: 'warn',
      verdict: `Could not read ${missed.join(', ')}: whether this PC is a Remote Desktop Session Host, and its licensing, are unknown. Run RDP Doctor as an administrator.`,
      evidence,
      fixes: [],
    };
  if (judged.status !== 'pass') return { ...judged, verdict: `${judged.verdict} Could not read ${missed.join(', ')}.`, evidence };
  return {
    status: 'warn',
    verdict: `${judged.verdict} But could not read ${missed.join(', ')}, so this is not the whole picture.`,
    evidence,
    fixes: [],
  };
}

/** An empty server list is "none configured" only when GetSpecifiedLicenseServerList answered. */
function noServers(d: Data): string {
  const failed = d.unreadable.find((u) => u.what === 'GetSpecifiedLicenseServerList');
  return failed ? `the license server list could not be read (${failed.reason})` : 'no license server is configured';
}

function judgeRead(d: Data): Judgement {
  const mode = d.licensingType !== null ? MODES[d.licensingType] : undefined;
  const up = d.reachable.filter((r) => r.ok).map((r) => r.server);
  const down = d.reachable.filter((r) => !r.ok).map((r) => r.server);
  const evidence = [
    {
      label: 'RD Session Host',
      value: d.sessionHost === null ? '(unknown)' : d.sessionHost ? 'yes' : 'no',
      source: 'Win32_TerminalServiceSetting.TerminalServerMode',
    },
    {
      label: 'Licensing mode',
      value: mode ?? `not configured${d.licensingType !== null ? ` (${d.licensingType})` : ''}`,
      source: 'LicensingType',
    },
    {
      label: 'License servers',
      value: d.licenseServers.length
        ? d.reachable.map((r) => `${r.server}: ${r.ok ? 'answers' : 'no answer on TCP 135'}`).join('; ')
        : '(none)',
      source: 'GetSpecifiedLicenseServerList',
    },
    { label: 'Grace period days left', value: d.graceDaysLeft ?? '(unknown)', source: 'GetGracePeriodDays' },
    ...d.events.slice(0, 5).map((e) => ({ label: `Event ${e.id} at ${e.time}`, value: e.message.slice(0, 300), source: LICENSING_LOG })),
  ];
  if (d.sessionHost !== true) {
    return {
      status: 'pass',
      verdict:
        'This PC is not a Remote Desktop Session Host: licensing does not apply (up to two administration sessions need no client access license).',
      evidence,
    };
  }
  const licensed = mode !== undefined && up.length > 0;
  if (!licensed && d.graceDaysLeft === 0) {
    const why =
      mode === undefined
        ? 'no licensing mode is configured'
        : d.licenseServers.length === 0
          ? noServers(d)
          : `no license server answers (${down.join(', ')})`;
    return {
      status: 'fail',
      verdict: `The RD licensing grace period is over (${d.graceDaysLeft} days left) and ${why}: the host refuses connections with a licensing error (exDiscReasonLicenseNoRemoteConnections: no license server can provide a license). Set the licensing mode and a reachable license server with client access licenses (Group Policy: Remote Desktop Session Host > Licensing).`,
      evidence,
      fixes: [],
    };
  }
  if (!licensed) {
    const left = d.graceDaysLeft !== null ? `${d.graceDaysLeft} days of the grace period are left` : 'the grace period days are unknown';
    const why =
      mode === undefined
        ? 'no licensing mode is configured'
        : d.licenseServers.length === 0
          ? noServers(d)
          : `no license server answers (${down.join(', ')})`;
    return {
      status: 'warn',
      verdict: why.includes('could not be read')
        ? `Whether RD licensing works is unknown: ${why}; ${left}.`
        : `RD licensing is not working (${why}); ${left}, then the host refuses connections.`,
      evidence,
      fixes: [],
    };
  }
  const recent = d.events.filter((e) => e.id === 1004 || e.id === 1028);
  if (recent.length > 0) {
    return {
      status: 'warn',
      verdict: `Licensing is configured (${mode}, ${up.join(', ')}), but the host could not issue or renew a client license recently (event ${recent[0]!.id}): check the CALs on the license server match the mode.`,
      evidence,
      fixes: [],
    };
  }
  return { status: 'pass', verdict: `RD licensing is configured: ${mode}, license server ${up.join(', ')} answers.`, evidence };
}

export const check: Check<Data> = {
  id: 'host.licensing',
  rank: 87,
  side: 'host',
  layer: 'policy',
  title: 'Remote Desktop licensing (Session Host)',
  reads: `Win32_TerminalServiceSetting (TerminalServerMode, LicensingType, GetSpecifiedLicenseServerList, GetGracePeriodDays), TCP 135 of each license server, and events 1004/1028/1068/1069 in ${LICENSING_LOG} (last ${LOOKBACK_DAYS} days)`,
  passWhen: 'not a Session Host, or a licensing mode with a license server that answers',
  source:
    'beyond seeds; Microsoft: Win32_TerminalServiceSetting (GetGracePeriodDays, GetSpecifiedLicenseServerList), RemoteConnectionManager events 1068/1069',
  scripts: [SCRIPT],
  async collect(ctx: CheckContext) {
    return ctx.host.run(SCRIPT, { days: LOOKBACK_DAYS }, LicensingOutput, { signal: ctx.signal });
  },
  judge,
  fixes: [],
};

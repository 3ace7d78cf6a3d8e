// rdp-doctor diagnose [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json]
import { parseAccountName } from '../../../shared/account';
import { decodeError, parseErrorPair, type DecodedError } from '../../../shared/error-codes';
import { allChecks } from '../../engine/checks';
import type { Diagnosis } from '../../../shared/model';
import { createContext } from '../../engine/context';
import { diagnose } from '../../engine/diagnose';
import { parse, pathOption, targetOption } from '../args';
import { outcome } from '../../../shared/fix-order';
import { countStatuses, formatFindings, formatProblems, problemsFound } from '../format';
import { openCliHostCaughtUp } from '../host-options';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { CliInputError, EXIT, type CliIO, type Command } from '../io';
import { writeCliReport } from '../report-output';
import { checkReportOutsideJournal, checkReportTarget } from '../report-target';
import { prewarmPdf } from '../../report/render-pdf';
import { diagnoseAcross } from '../../reach/diagnose-remote';
import { REACH_OPTIONS, type OpenedRemote } from '../../reach/open-remote';
import { openRemoteForCli, REACH_USAGE } from '../reach-cli';

const USAGE = `rdp-doctor diagnose [--target HOST[:PORT]] [--error CODE[/EXTENDED]] [--user DOMAIN\\NAME] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json] ${REACH_USAGE}`;

function parseDiagnoseArgs(argv: string[]) {
  return parse(
    argv,
    {
      target: { type: 'string' },
      error: { type: 'string' },
      user: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      side: { type: 'string' },
      report: { type: 'string' },
      browser: { type: 'string' },
      'redact-user': { type: 'boolean' },
      json: { type: 'boolean' },
      ...REACH_OPTIONS,
    },
    USAGE,
  );
}

type DiagnoseValues = ReturnType<typeof parseDiagnoseArgs>['values'];

export const diagnoseCommand: Command = async (argv, io) => {
  const { values, positionals } = parseDiagnoseArgs(argv);
  if (positionals.length > 0) throw new CliInputError('arguments', `unexpected "${positionals[0]!.slice(0, 60)}". Usage: ${USAGE}`);
  const target = targetOption(values.target);
  const error = errorOption(values.error);
  const account = accountOption(values.user);
  if (values.side !== undefined && values.side !== 'client' && values.side !== 'host') {
    throw new CliInputError('--side', `expected "client" or "host", got "${values.side.slice(0, 40)}"`);
  }
  const reportPath = reportOption(values, io);
  const remote = await openRemoteForCli(values, io);
  if (typeof remote === 'number') return remote;
  const opened = remote ? { ...remote, problems: [] as string[] } : await openCliHostCaughtUp(values, io);
  for (const p of opened.problems) io.stderr(`warning: ${p}\n`);
  try {
    if (reportPath) checkReportOutsideJournal(reportPath, opened.journal.dir);
    const checks = allChecks.filter((c) => !values.side || c.side === values.side);
    let shown = 0;
    const onProgress = (p: { phase: string; total: number }) => {
      if (io.isTTY && !values.json && p.phase === 'finished') io.stderr(`\r${++shown}/${p.total} checks`);
    };
    const hint = error
      ? { label: error.extended ? `${error.code}/${error.extended}` : error.code, stage: error.stage, checks: error.checks }
      : undefined;
    const { diagnosis, probe } = remote
      ? await diagnoseAcross(checks, { local: remote.local, remote: remote.host }, target, { onProgress, error: hint, account })
      : await diagnose(
          checks,
          { ...createContext(opened.host, await opened.host.info(), target, new AbortController().signal), account },
          { onProgress, error: hint },
        );
    // Erase the progress line, so a shorter line after it does not keep its tail.
    if (io.isTTY && !values.json && shown > 0) io.stderr('\r\x1b[K');
    const journal = opened.journal.list().entries;
    if (reportPath) {
      const written = await writeCliReport(reportPath, {
        diagnosis,
        journal,
        probe,
        redactUser: Boolean(values['redact-user']),
        browserPath: pathOption(values.browser, '--browser'),
      });
      if (!values.json) io.stderr(`Report written to ${written}\n`);
    }
    if (values.json) printJson(diagnosis, error, journal, io);
    else printText(diagnosis, error, journal, remote, io);
    // The requested state could not be loaded: what was diagnosed is a fresh scenario, not that host. Never "all good".
    const stateLost = opened.host instanceof SimulatedHost && opened.host.stateLost;
    return problemsFound(diagnosis.findings) || stateLost ? EXIT.problems : EXIT.ok;
  } finally {
    await opened.close();
  }
};

/** --report FILE: checked before anything runs; a PDF's browser starts now, so it is ready when the checks finish. */
function reportOption(values: DiagnoseValues, io: CliIO): string | null {
  const reportFile = pathOption(values.report, '--report');
  if (reportFile && !/\.(pdf|html|json)$/i.test(reportFile))
    throw new CliInputError('--report', 'the file name must end in .pdf, .html or .json');
  const reportPath = reportFile ? checkReportTarget(reportFile, io.cwd, pathOption(values.state, '--state')) : null;
  if (reportFile && /\.pdf$/i.test(reportFile)) prewarmPdf({ browserPath: pathOption(values.browser, '--browser') });
  return reportPath;
}

function printJson(diagnosis: Diagnosis, error: DecodedError | null, journal: Parameters<typeof formatProblems>[2], io: CliIO): void {
  const shown = error
    ? {
        error: {
          code: error.code,
          extended: error.extended,
          meaning: error.meaning,
          extendedMeaning: error.extendedMeaning,
          checks: error.checks,
        },
      }
    : {};
  const { runId, host, target, findings, causes } = diagnosis;
  // The conclusion the text, the report and the app's card state (shared/fix-order.ts), e.g. a restart still pending.
  const o = outcome(findings, findings, journal, host.computerName);
  const conclusion = { conclusion: o.conclusion, headline: o.headline, next: o.next };
  io.stdout(JSON.stringify({ runId, host, target, ...shown, findings, causes, conclusion }) + '\n');
}

function printText(
  diagnosis: Diagnosis,
  error: DecodedError | null,
  journal: Parameters<typeof formatProblems>[2],
  remote: OpenedRemote | null,
  io: CliIO,
): void {
  const hostInfo = diagnosis.host;
  const where = hostInfo.remote
    ? `${hostInfo.remote.name} (${hostInfo.computerName}) over ${hostInfo.remote.via}${remote?.simulatedScenario ? `, simulated scenario "${remote.simulatedScenario}"` : ''}`
    : hostInfo.kind === 'simulated'
      ? `simulated host "${hostInfo.scenario}"`
      : `this PC (${hostInfo.computerName})`;
  io.stdout(`RDP Doctor diagnosis of ${where}${diagnosis.target ? `, target ${diagnosis.target}` : ''}\n\n`);
  if (error)
    io.stdout(
      `Error ${error.code}${error.extended ? `/${error.extended}` : ''}: ${error.meaning}${error.extendedMeaning ? ` ${error.extendedMeaning}` : ''}\n\n`,
    );
  io.stdout(formatFindings(diagnosis.findings));
  io.stdout(formatProblems(diagnosis.findings, diagnosis.causes, journal, hostInfo.computerName));
  io.stdout(`\n${countStatuses(diagnosis.findings)}\n`);
}

/** --user CORP\\j.doe: the account that connects, checked for its form before anything runs (exit 2). */
function accountOption(text: string | undefined): string | null {
  if (text === undefined) return null;
  const parsed = parseAccountName(text, '--user');
  if (!parsed.ok) throw new CliInputError('--user', parsed.error.replace(/^--user: /, ''));
  return parsed.account;
}

/** --error 0x904/0x7: decoded before anything runs, so a typo exits 2 and changes nothing. */
function errorOption(text: string | undefined): DecodedError | null {
  if (text === undefined) return null;
  const pair = parseErrorPair(text, '--error');
  if (!pair.ok) throw new CliInputError('--error', pair.error);
  const decoded = decodeError(pair.code, pair.extended);
  if (!decoded.ok) throw new CliInputError('--error', `--error: ${decoded.error}`);
  return decoded.decoded;
}

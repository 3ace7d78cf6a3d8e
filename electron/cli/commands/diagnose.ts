// rdp-doctor diagnose [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json]
import { parseAccountName } from '../../../shared/account';
import { decodeError, parseErrorPair, type DecodedError } from '../../../shared/error-codes';
import { parseTarget } from '../../../shared/target';
import { allChecks } from '../../engine/checks';
import { createContext } from '../../engine/context';
import { diagnose } from '../../engine/diagnose';
import { parse, pathOption } from '../args';
import { outcome } from '../../../shared/fix-order';
import { countStatuses, formatFindings, formatProblems, problemsFound } from '../format';
import { openCliHostCaughtUp } from '../host-options';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { CliInputError, EXIT, type Command } from '../io';
import { writeCliReport } from '../report-output';
import { checkReportOutsideJournal, checkReportTarget } from '../report-target';
import { prewarmPdf } from '../../report/render-pdf';
import { diagnoseAcross } from '../../reach/diagnose-remote';
import { REACH_OPTIONS } from '../../reach/open-remote';
import { openRemoteForCli, REACH_USAGE } from '../reach-cli';

const USAGE = `rdp-doctor diagnose [--target HOST[:PORT]] [--error CODE[/EXTENDED]] [--user DOMAIN\\NAME] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json] ${REACH_USAGE}`;

export const diagnoseCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
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
  if (positionals.length > 0) throw new CliInputError('arguments', `unexpected "${positionals[0]!.slice(0, 60)}". Usage: ${USAGE}`);
  let target = null;
  if (values.target !== undefined) {
    const parsed = parseTarget(values.target, '--target');
    if (!parsed.ok) throw new CliInputError('--target', parsed.error);
    target = parsed.target;
  }
  const error = errorOption(values.error);
  const account = accountOption(values.user);
  if (values.side !== undefined && values.side !== 'client' && values.side !== 'host') {
    throw new CliInputError('--side', `expected "client" or "host", got "${values.side.slice(0, 40)}"`);
  }
  const reportFile = pathOption(values.report, '--report');
  if (reportFile && !/\.(pdf|html|json)$/i.test(reportFile))
    throw new CliInputError('--report', 'the file name must end in .pdf, .html or .json');
  const reportPath = reportFile ? checkReportTarget(reportFile, io.cwd, pathOption(values.state, '--state')) : null;
  // Start the browser while the checks run: the PDF is then ready almost as soon as they finish.
  if (reportFile && /\.pdf$/i.test(reportFile)) prewarmPdf({ browserPath: pathOption(values.browser, '--browser') });
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
    const hostInfo = diagnosis.host;
    // Erase the progress line, so a shorter line after it does not keep its tail.
    if (io.isTTY && !values.json && shown > 0) io.stderr('\r\x1b[K');
    const { findings, runId } = diagnosis;
    if (reportPath) {
      const written = await writeCliReport(reportPath, {
        diagnosis,
        journal: opened.journal.list().entries,
        probe,
        redactUser: Boolean(values['redact-user']),
        browserPath: pathOption(values.browser, '--browser'),
      });
      if (!values.json) io.stderr(`Report written to ${written}\n`);
    }
    if (values.json) {
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
      // The conclusion the text, the report and the app's card state (shared/fix-order.ts), e.g. a restart still pending.
      const o = outcome(findings, findings, opened.journal.list().entries, hostInfo.computerName);
      const conclusion = { conclusion: o.conclusion, headline: o.headline, next: o.next };
      io.stdout(
        JSON.stringify({ runId, host: hostInfo, target: diagnosis.target, ...shown, findings, causes: diagnosis.causes, conclusion }) +
          '\n',
      );
    } else {
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
      io.stdout(formatFindings(findings));
      io.stdout(formatProblems(findings, diagnosis.causes, opened.journal.list().entries, hostInfo.computerName));
      io.stdout(`\n${countStatuses(findings)}\n`);
    }
    // The requested state could not be loaded: what was diagnosed is a fresh scenario, not that host. Never "all good".
    const stateLost = opened.host instanceof SimulatedHost && opened.host.stateLost;
    return problemsFound(findings) || stateLost ? EXIT.problems : EXIT.ok;
  } finally {
    await opened.close();
  }
};

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

// rdp-doctor diagnose [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json]
import path from 'node:path';
import { parseTarget } from '../../../shared/target';
import { allChecks } from '../../engine/checks';
import { createContext } from '../../engine/context';
import { diagnose } from '../../engine/diagnose';
import { parse, pathOption } from '../args';
import { countStatuses, formatCauses, formatFindings, problemsFound } from '../format';
import { openCliHostCaughtUp } from '../host-options';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { CliInputError, EXIT, type Command } from '../io';
import { writeCliReport } from '../report-output';
import { prewarmPdf } from '../../report/render-pdf';

const USAGE = 'rdp-doctor diagnose [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--side client|host] [--report FILE] [--json]';

export const diagnoseCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      target: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      side: { type: 'string' },
      report: { type: 'string' },
      browser: { type: 'string' },
      'redact-user': { type: 'boolean' },
      json: { type: 'boolean' },
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
  if (values.side !== undefined && values.side !== 'client' && values.side !== 'host') {
    throw new CliInputError('--side', `expected "client" or "host", got "${values.side.slice(0, 40)}"`);
  }
  const reportFile = pathOption(values.report, '--report');
  if (reportFile && !/\.(pdf|html|json)$/i.test(reportFile)) throw new CliInputError('--report', 'the file name must end in .pdf, .html or .json');
  // Start the browser while the checks run: the PDF is then ready almost as soon as they finish.
  if (reportFile && /\.pdf$/i.test(reportFile)) prewarmPdf({ browserPath: pathOption(values.browser, '--browser') });
  const opened = await openCliHostCaughtUp(values, io);
  for (const p of opened.problems) io.stderr(`warning: ${p}\n`);
  try {
    const hostInfo = await opened.host.info();
    const controller = new AbortController();
    const ctx = createContext(opened.host, hostInfo, target, controller.signal);
    const checks = allChecks.filter((c) => !values.side || c.side === values.side);
    let shown = 0;
    const { diagnosis, probe } = await diagnose(checks, ctx, {
      onProgress: (p) => {
        if (io.isTTY && !values.json && p.phase === 'finished') io.stderr(`\r${++shown}/${p.total} checks`);
      },
    });
    // Erase the progress line, so a shorter line after it does not keep its tail.
    if (io.isTTY && !values.json && shown > 0) io.stderr('\r\x1b[K');
    const { findings, runId } = diagnosis;
    if (reportFile) {
      const written = await writeCliReport(path.resolve(io.cwd, reportFile), {
        diagnosis,
        journal: opened.journal.list().entries,
        probe,
        redactUser: Boolean(values['redact-user']),
        browserPath: pathOption(values.browser, '--browser'),
      });
      if (!values.json) io.stderr(`Report written to ${written}\n`);
    }
    if (values.json) {
      io.stdout(JSON.stringify({ runId, host: hostInfo, target: diagnosis.target, findings, causes: diagnosis.causes }) + '\n');
    } else {
      const where = hostInfo.kind === 'simulated' ? `simulated host "${hostInfo.scenario}"` : `this PC (${hostInfo.computerName})`;
      io.stdout(`RDP Doctor diagnosis of ${where}${diagnosis.target ? `, target ${diagnosis.target}` : ''}\n\n`);
      io.stdout(formatFindings(findings));
      io.stdout(formatCauses(diagnosis.causes));
      io.stdout(`\n${countStatuses(findings)}\n`);
    }
    // The requested state could not be loaded: what was diagnosed is a fresh scenario, not that host. Never "all good".
    const stateLost = opened.host instanceof SimulatedHost && opened.host.stateLost;
    return problemsFound(findings) || stateLost ? EXIT.problems : EXIT.ok;
  } finally {
    await opened.close();
  }
};

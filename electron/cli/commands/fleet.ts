// rdp-doctor fleet FILE [--concurrency N] [--json] [--report FILE] [--browser PATH] [--no-probe] [--https] [--simulate]
// Host checks of many hosts through their management path, a progress line, a table and a fleet report.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fleetJson, formatFleetReport, formatFleetTable, renderFleetHtml } from '../../reach/fleet/fleet-report';
import { FleetFileError, parseFleetFile } from '../../reach/fleet/fleet-file';
import { openFleetReach } from '../../reach/fleet/fleet-reach';
import { runFleet, type FleetRow } from '../../reach/fleet/run-fleet';
import { renderFleetPdf } from '../../reach/fleet/fleet-pdf';
import { BrowserNotFoundError } from '../../report/render-pdf';
import { intOption, parse, pathOption } from '../args';
import { CliInputError, EXIT, type Command } from '../io';
import { readUserTextFile, UserFileError } from '../../util/text-file';

const USAGE =
  'rdp-doctor fleet FILE [--concurrency N] [--json] [--report FILE.pdf|.html|.json|.txt] [--browser PATH] [--https] [--no-probe] [--simulate]';
const MAX_FILE_BYTES = 4 * 1024 * 1024;

async function readFleetFile(file: string, label: string): Promise<string> {
  try {
    return await readUserTextFile(file, label, MAX_FILE_BYTES);
  } catch (err) {
    throw err instanceof UserFileError ? new CliInputError('FILE', err.message) : err;
  }
}

/** The report file's content, by its extension. */
async function fleetReportContent(rows: FleetRow[], out: string, browserPath: string | undefined): Promise<string | Buffer> {
  const now = new Date().toISOString();
  if (/\.pdf$/i.test(out)) {
    try {
      return await renderFleetPdf(rows, now, { browserPath });
    } catch (err) {
      if (err instanceof BrowserNotFoundError) throw new CliInputError('--browser', err.message.replace(/^browser: /, ''));
      throw err;
    }
  }
  if (/\.json$/i.test(out)) return JSON.stringify(fleetJson(rows), null, 1);
  if (/\.html$/i.test(out)) return renderFleetHtml(rows, now);
  return formatFleetTable(rows) + '\n' + formatFleetReport(rows);
}

export const fleetCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      browser: { type: 'string' },
      https: { type: 'boolean' },
      'no-probe': { type: 'boolean' },
      simulate: { type: 'boolean' },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new CliInputError('FILE', `expected one file with one host per line. Usage: ${USAGE}`);
  const label = pathOption(positionals[0], 'FILE')!;
  const concurrency = intOption(values.concurrency, '--concurrency', 1, 256) ?? 32;
  const reportFile = pathOption(values.report, '--report');
  if (reportFile && !/\.(pdf|json|html|txt)$/i.test(reportFile))
    throw new CliInputError('--report', 'the file name must end in .pdf, .json, .html or .txt');
  const browserPath = pathOption(values.browser, '--browser');
  let lines;
  let reach;
  try {
    lines = parseFleetFile(await readFleetFile(path.resolve(io.cwd, label), label), label);
    reach = openFleetReach(lines, {
      simulate: Boolean(values.simulate),
      https: Boolean(values.https),
      probe: !values['no-probe'],
      env: io.env,
    });
  } catch (err) {
    if (err instanceof FleetFileError) throw new CliInputError(err.field, err.message.slice(err.field.length + 2));
    throw err;
  }
  for (const note of reach.notes) io.stderr(`note: ${note}\n`);
  let lastShown = 0;
  let problems = 0;
  try {
    const rows = await runFleet(lines, reach, {
      concurrency,
      onProgress: ({ done, total, row }) => {
        if (row.status !== 'ok') problems++;
        const line = `fleet: ${done}/${total} hosts, ${problems} not ok`;
        if (io.isTTY) io.stderr(`\r${line}${done === total ? '\n' : ''}`);
        else if (done === total || Date.now() - lastShown >= 1000) {
          lastShown = Date.now();
          io.stderr(`${line}\n`);
        }
      },
    });
    if (reportFile) {
      const out = path.resolve(io.cwd, reportFile);
      await writeFile(out, await fleetReportContent(rows, out, browserPath));
      if (!values.json) io.stderr(`Fleet report written to ${out}\n`);
    }
    if (values.json) io.stdout(JSON.stringify(fleetJson(rows)) + '\n');
    else io.stdout(formatFleetTable(rows) + '\n' + formatFleetReport(rows));
    return rows.some((r) => r.status !== 'ok') ? EXIT.problems : EXIT.ok;
  } finally {
    await reach.close();
  }
};

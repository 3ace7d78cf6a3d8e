// rdp-doctor capture [--out FILE] [--redact] [--json]: on Windows, runs every read-only script (never a fix)
// on this PC and writes one bundle of raw outputs with provenance, for the project to replay in its tests.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { captureBundle } from '../../capture/capture';
import { APP_VERSION } from '../../app/version';
import { allChecks } from '../../engine/checks';
import { PowerShellHost } from '../../hosts/powershell/powershell-host';
import { scriptsRoot } from '../../paths';
import { parse } from '../args';
import { CliInputError, EXIT, type Command } from '../io';

const USAGE = 'rdp-doctor capture [--out FILE] [--redact] [--json]';

const NOT_WINDOWS =
  "capture runs on Windows only: it records what RDP Doctor's PowerShell scripts print on a real host. Here the host would be the simulator, whose output the project already has. Run it on the Windows PC or server (see docs/windows-validation.md).";

export const captureCommand: Command = async (argv, io) => {
  const { values } = parse(argv, { out: { type: 'string' }, redact: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  if (process.platform !== 'win32') {
    throw new CliInputError('platform', NOT_WINDOWS);
  }
  if (values.out !== undefined && (values.out === '' || !/\.json$/i.test(values.out))) {
    throw new CliInputError('--out', `--out: expected a file name ending in .json, got "${String(values.out).slice(0, 80)}"`);
  }
  const target = values.out === undefined ? null : path.resolve(io.cwd, values.out);
  if (target && existsSync(target))
    throw new CliInputError('--out', `--out: ${target} already exists; choose a new file name (a capture never overwrites)`);
  const host = new PowerShellHost();
  try {
    const bundle = await captureBundle(host, allChecks, {
      appVersion: APP_VERSION,
      scriptsRoot: scriptsRoot(),
      redact: values.redact === true,
    });
    const stamp = bundle.provenance.capturedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const out = target ?? path.resolve(io.cwd, `rdp-doctor-capture-${stamp}.json`);
    writeFileSync(out, JSON.stringify(bundle, null, 1) + '\n', { flag: 'wx' });
    const failed = bundle.runs.filter((r) => r.error).length;
    if (values.json)
      io.stdout(JSON.stringify({ file: out, runs: bundle.runs.length, failed, redacted: bundle.provenance.redacted }) + '\n');
    else
      io.stdout(
        `Wrote ${out}: ${bundle.runs.length} script outputs (${failed} failed)${bundle.provenance.redacted ? ', names redacted' : ''}.\nSend this file with your report; see docs/windows-validation.md.\n`,
      );
    return EXIT.ok;
  } finally {
    await host.close();
  }
};

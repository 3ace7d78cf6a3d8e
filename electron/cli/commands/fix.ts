// rdp-doctor fix CHECK_ID [--fix FIX_ID] [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json] [--remote ...|--azure-vm ...]
import { parseTarget } from '../../../shared/target';
import { findCheck } from '../../engine/checks';
import { needsConfirmation } from '../../engine/types';
import { createContext } from '../../engine/context';
import { evaluate } from '../../engine/evaluate';
import { applyFix, FixError } from '../../engine/fixer';
import { parse } from '../args';
import { formatEntry, STATUS_LABEL } from '../format';
import { openCliHostForChange } from '../host-options';
import { parseRevertAfter } from '../duration';
import { CliInputError, EXIT, type Command } from '../io';
import { hostRefOf } from '../../engine/fixer';
import { REACH_OPTIONS } from '../../reach/open-remote';
import { applyFixOverLink } from '../../reach/remote-fix';
import { openRemoteForCliChange, REACH_USAGE } from '../reach-cli';

const USAGE = `rdp-doctor fix CHECK_ID [--fix FIX_ID] [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json] ${REACH_USAGE}`;

export const fixCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      fix: { type: 'string' },
      target: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      yes: { type: 'boolean' },
      'revert-after': { type: 'string' },
      json: { type: 'boolean' },
      ...REACH_OPTIONS,
    },
    USAGE,
  );
  const revertAfterMs = parseRevertAfter(values['revert-after']);
  // "never" leaves a security downgrade open indefinitely: it is its own, explicit choice on top of --yes.
  if (revertAfterMs === null && !values.yes)
    throw new CliInputError('--revert-after', '"never" keeps the downgrade until you roll it back; it needs --yes as well');
  const checkId = positionals[0];
  if (!checkId || positionals.length > 1)
    throw new CliInputError('CHECK_ID', `expected one check id such as host.certificate. Usage: ${USAGE}`);
  const check = findCheck(checkId);
  if (!check) throw new CliInputError('CHECK_ID', `"${checkId.slice(0, 60)}" is not a known check; "rdp-doctor diagnose" lists them`);
  if (values.fix !== undefined && !check.fixes.some((f) => f.id === values.fix)) {
    throw new CliInputError(
      '--fix',
      `"${values.fix.slice(0, 60)}" is not a fix of ${check.id} (its fixes: ${check.fixes.map((f) => f.id).join(', ') || 'none'})`,
    );
  }
  let target = null;
  if (values.target !== undefined) {
    const parsed = parseTarget(values.target, '--target');
    if (!parsed.ok) throw new CliInputError('--target', parsed.error);
    target = parsed.target;
  }
  // Refused before the host is opened, so a refused fix creates no state file and no journal folder.
  const chosen =
    values.fix !== undefined ? check.fixes.find((f) => f.id === values.fix) : check.fixes.length === 1 ? check.fixes[0] : undefined;
  // A time box only exists for a security downgrade: asked for on another fix, it would silently be a lasting change.
  if (revertAfterMs !== undefined && !(chosen ? [chosen] : check.fixes).some((f) => f.lowersSecurity && f.reversible))
    throw new CliInputError(
      '--revert-after',
      `only for a fix that lowers security (such as host.nla --fix disable-nla); ${chosen ? `${check.id} --fix ${chosen.id}` : check.id} is a lasting change: undo it with "rdp-doctor rollback". Nothing was changed.`,
    );
  if (chosen && needsConfirmation(chosen) && !values.yes)
    throw new CliInputError(
      '--yes',
      `${chosen.title} ${!chosen.reversible ? 'cannot be undone' : chosen.lowersSecurity ? 'lowers security' : 'needs confirmation'}; confirm it explicitly (--yes on the command line). Nothing was changed.`,
    );
  const remote = await openRemoteForCliChange(values, io);
  if (typeof remote === 'number') return remote;
  const opened = remote ? { ...remote, hostRef: hostRefOf(remote.host) } : await openCliHostForChange(values, io);
  try {
    const ctx = createContext(opened.host, await opened.host.info(), target, new AbortController().signal);
    let fixId = values.fix;
    if (!fixId) {
      const { finding } = await evaluate(check, ctx);
      const usable = finding.fixes.filter((f) => !f.disabledReason);
      if (usable.length > 1) {
        // --yes must confirm the fix the technician chose, never one picked for them among several.
        throw new CliInputError(
          '--fix',
          `${check.id} offers ${usable.length} fixes now; choose one: ${usable.map((f) => `--fix ${f.id} (${f.title})`).join(', ')}`,
        );
      }
      const offered = usable[0] ?? finding.fixes[0];
      if (!offered) {
        const message = `${check.id}: nothing to fix (${STATUS_LABEL[finding.status].trim()}: ${finding.verdict})`;
        if (values.json) io.stdout(JSON.stringify({ entry: null, message, finding }) + '\n');
        else io.stderr(`${message}\n`);
        return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
      }
      fixId = offered.id;
    }
    try {
      const options = { confirmed: Boolean(values.yes), ...(revertAfterMs !== undefined ? { revertAfterMs } : {}) };
      const { entry, finding, interrupted } = remote
        ? await applyFixOverLink(check, fixId, ctx, opened.journal, opened.hostRef, options)
        : { ...(await applyFix(check, fixId, ctx, opened.journal, opened.hostRef, options)), interrupted: undefined };
      if (interrupted) io.stderr(`warning: ${interrupted}\n`);
      if (values.json) {
        io.stdout(
          JSON.stringify({
            entry: { id: entry.id, checkId: entry.checkId, fixId: entry.fixId, state: entry.state },
            journalEntry: entry,
            finding,
          }) + '\n',
        );
      } else {
        io.stdout(`Applied: ${formatEntry(entry)}\nRe-check: ${STATUS_LABEL[finding.status].trim()} ${finding.verdict}\n`);
        // Without --state the simulated change ends with this process: no undo or scheduled revert to promise.
        const ephemeral = !opened.hostRef.stateFile && opened.hostRef.kind === 'simulated';
        if (entry.revertAt && !ephemeral)
          io.stdout(`The host reverts it at ${entry.revertAt} (a one-time scheduled task), whether or not RDP Doctor is running.\n`);
        const fixDef = check.fixes.find((f) => f.id === entry.fixId);
        if (remote && fixDef?.needsRestart)
          io.stdout(
            `Restart needed: this change takes effect after ${remote.host.transport.target} restarts (RDP Doctor does not restart it).\n`,
          );
        const via = values.remote
          ? ` --remote ${values.remote}${values.credential ? ` --credential ${values.credential}` : ''}${values.https ? ' --https' : ''}`
          : values['azure-vm']
            ? ` --azure-vm ${values['azure-vm']}`
            : '';
        const state = opened.hostRef.stateFile ?? (remote && values.state ? values.state : null);
        if (entry.reversible && !ephemeral)
          io.stdout(
            `Undo with: rdp-doctor rollback ${entry.id}${via}${state ? ` --state ${state}` : ''}${remote && values.simulate ? ' --simulate' : ''}\n`,
          );
        if (ephemeral)
          io.stdout('Note: without --state this simulated change lived only in this run and is gone now; pass --state FILE to keep it.\n');
      }
      return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
    } catch (err) {
      if (err instanceof FixError && err.field === 'confirmed') throw new CliInputError('--yes', err.message.replace(/^confirmed: /, ''));
      if (err instanceof FixError && err.field === 'fixId') throw new CliInputError('--fix', err.message.replace(/^fix: /, ''));
      if (err instanceof FixError && err.field === 'revertAfter')
        throw new CliInputError('--revert-after', err.message.replace(/^revertAfter: /, ''));
      if (err instanceof FixError) {
        io.stderr(`${err.message}\n`);
        if (values.json) io.stdout(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n');
        return err.code === 'bad-input' ? EXIT.badInput : EXIT.problems;
      }
      throw err;
    }
  } finally {
    await opened.close();
  }
};
